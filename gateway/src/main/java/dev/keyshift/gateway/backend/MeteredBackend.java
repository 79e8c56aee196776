package dev.keyshift.gateway.backend;

import dev.keyshift.gateway.http.GatewayFailure;
import dev.keyshift.metrics.KeyshiftMetrics;
import dev.keyshift.metrics.MeterNames;
import io.vertx.core.Future;
import java.util.function.Supplier;

/** Records {@code keyshift_backend_*} for every wrap and unwrap of the backend it decorates. */
public final class MeteredBackend extends DecoratedBackend {
  private final KeyshiftMetrics metrics;

  public MeteredBackend(KeyBackend delegate, KeyshiftMetrics metrics) {
    super(delegate);
    this.metrics = metrics;
  }

  @Override
  protected Future<byte[]> around(String operation, Supplier<Future<byte[]>> call) {
    long start = System.nanoTime();
    return attempt(call)
        .andThen(
            done -> {
              String outcome =
                  done.succeeded()
                      ? MeterNames.OUTCOME_SUCCESS
                      : GatewayFailure.from(done.cause()).code().outcomeTag();
              metrics.backendCall(name(), operation, outcome, System.nanoTime() - start);
            });
  }
}
