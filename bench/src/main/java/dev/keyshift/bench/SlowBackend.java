package dev.keyshift.bench;

import dev.keyshift.gateway.backend.DecoratedBackend;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A stand-in for a remote vault: every wrap and unwrap answers after a fixed latency (a timer, no
 * thread held), then does the real work of the backend it wraps. The gateway's metering and
 * resilience sit in front of it as in front of any backend.
 */
final class SlowBackend extends DecoratedBackend {
  private final Vertx vertx;
  private final long latencyMillis;

  SlowBackend(Vertx vertx, KeyBackend delegate, long latencyMillis) {
    super(delegate);
    this.vertx = vertx;
    this.latencyMillis = latencyMillis;
  }

  @Override
  protected Future<byte[]> around(
      String operation, KeyVersion version, Supplier<Future<byte[]>> call) {
    return vertx.timer(latencyMillis, TimeUnit.MILLISECONDS).compose(fired -> attempt(call));
  }
}
