package dev.keyshift.gateway.backend;

import dev.keyshift.routing.KeyVersion;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * A backend wrapped by a policy (metering, resilience, or a benchmark's delay): name, preparation,
 * warming and health pass through, and every wrap and unwrap goes through {@link #around}. A
 * decorator answers inline only when it says so ({@link #answersInline}): a policy may defer the
 * answer.
 */
public abstract class DecoratedBackend implements KeyBackend {
  protected final KeyBackend delegate;

  protected DecoratedBackend(KeyBackend delegate) {
    this.delegate = delegate;
  }

  /**
   * Applies the policy to one call.
   *
   * @param operation {@code wrap} or {@code unwrap}
   * @param version the version the call is on
   * @param call starts the delegate's operation; {@link #attempt} turns what it throws into a
   *     failed Future
   */
  protected abstract Future<byte[]> around(
      String operation, KeyVersion version, Supplier<Future<byte[]>> call);

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public Future<Void> prepare(KeyVersion version) {
    return delegate.prepare(version);
  }

  @Override
  public Future<Void> warm(KeyVersion version) {
    return delegate.warm(version);
  }

  @Override
  public Future<byte[]> wrap(KeyVersion version, byte[] plaintext) {
    return around("wrap", version, () -> delegate.wrap(version, plaintext));
  }

  @Override
  public Future<byte[]> unwrap(KeyVersion version, byte[] wrapped) {
    return around("unwrap", version, () -> delegate.unwrap(version, wrapped));
  }

  @Override
  public Future<Void> health() {
    return delegate.health();
  }

  protected static Future<byte[]> attempt(Supplier<Future<byte[]>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
