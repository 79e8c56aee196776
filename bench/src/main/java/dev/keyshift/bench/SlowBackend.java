package dev.keyshift.bench;

import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for a remote vault: every wrap and unwrap answers after a fixed latency (a timer, no
 * thread held), then does the real work of the backend it wraps. The gateway's metering and
 * resilience sit in front of it as in front of any backend.
 */
final class SlowBackend implements KeyBackend {
  private final Vertx vertx;
  private final KeyBackend delegate;
  private final long latencyMillis;

  SlowBackend(Vertx vertx, KeyBackend delegate, long latencyMillis) {
    this.vertx = vertx;
    this.delegate = delegate;
    this.latencyMillis = latencyMillis;
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
    return later().compose(v -> delegate.wrap(version, plaintext));
  }

  @Override
  public Future<byte[]> unwrap(KeyVersion version, byte[] wrapped) {
    return later().compose(v -> delegate.unwrap(version, wrapped));
  }

  @Override
  public Future<Void> health() {
    return delegate.health();
  }

  private Future<Void> later() {
    return vertx.timer(latencyMillis, TimeUnit.MILLISECONDS).mapEmpty();
  }
}
