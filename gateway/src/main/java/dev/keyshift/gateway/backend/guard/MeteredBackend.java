package dev.keyshift.gateway.backend.guard;

import dev.keyshift.gateway.async.Futures;
import dev.keyshift.gateway.backend.DecoratedBackend;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.metrics.KeyshiftMetrics;
import dev.keyshift.metrics.MeterNames;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Records {@code keyshift_backend_*} for every wrap and unwrap sent to the backend it decorates. It
 * sits inside the resilience guard, so calls refused before sending are not counted here.
 */
final class MeteredBackend extends DecoratedBackend {
  private final KeyshiftMetrics metrics;

  MeteredBackend(KeyBackend delegate, KeyshiftMetrics metrics) {
    super(delegate);
    this.metrics = metrics;
  }

  @Override
  protected Future<byte[]> around(String operation, Supplier<Future<byte[]>> call) {
    long start = System.nanoTime();
    return Futures.whenDone(
        attempt(call),
        done -> {
          String outcome =
              done.succeeded()
                  ? MeterNames.OUTCOME_SUCCESS
                  : GatewayFailure.codeOf(done.cause()).outcomeTag();
          metrics.backendCall(name(), operation, outcome, System.nanoTime() - start);
        });
  }
}
