package dev.keyshift.gateway.backend;

import dev.keyshift.gateway.http.GatewayFailure;
import dev.keyshift.metrics.KeyshiftMetrics;
import dev.keyshift.metrics.MeterNames;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.Future;
import java.util.function.Supplier;

/** Records {@code keyshift_backend_*} for every wrap and unwrap of the backend it decorates. */
public final class MeteredBackend implements KeyBackend {
  private final KeyBackend delegate;
  private final KeyshiftMetrics metrics;

  public MeteredBackend(KeyBackend delegate, KeyshiftMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Future<Void> prepare(KeyVersion version) {
    return delegate.prepare(version);
  }

  @Override
  public Future<byte[]> wrap(KeyVersion version, byte[] plaintext) {
    return metered("wrap", () -> delegate.wrap(version, plaintext));
  }

  @Override
  public Future<byte[]> unwrap(KeyVersion version, byte[] wrapped) {
    return metered("unwrap", () -> delegate.unwrap(version, wrapped));
  }

  @Override
  public Future<Void> health() {
    return delegate.health();
  }

  private <T> Future<T> metered(String operation, Supplier<Future<T>> call) {
    long start = System.nanoTime();
    Future<T> result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.andThen(
        done -> {
          String outcome =
              done.succeeded()
                  ? MeterNames.OUTCOME_SUCCESS
                  : GatewayFailure.from(done.cause()).code().outcomeTag();
          metrics.backendCall(name(), operation, outcome, System.nanoTime() - start);
        });
  }
}
