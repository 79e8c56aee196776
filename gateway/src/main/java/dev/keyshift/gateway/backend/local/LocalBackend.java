package dev.keyshift.gateway.backend.local;

import dev.keyshift.gateway.backend.BackendContext;
import dev.keyshift.gateway.backend.BackendFailures;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.concurrent.Callable;

/**
 * Software keys in a PKCS#12 keystore ({@code type: local}).
 *
 * <p>AES operations (about a microsecond) run on the calling event loop: a hop to a worker costs
 * more than the operation. RSA private-key operations (about a millisecond) run on the bounded
 * crypto worker pool. Keystore I/O always runs there.
 */
public final class LocalBackend implements KeyBackend {
  private final LocalBackendConfig config;
  private final LocalKeyStore store;
  private final BackendContext context;
  private final SecureRandom random;

  private LocalBackend(LocalBackendConfig config, LocalKeyStore store, BackendContext context) {
    this.config = config;
    this.store = store;
    this.context = context;
    this.random = new SecureRandom();
  }

  /** Opens the keystore on the worker pool. */
  static Future<KeyBackend> open(LocalBackendConfig config, BackendContext context) {
    return context.setUp(
        () ->
            new LocalBackend(
                config,
                LocalKeyStore.open(
                    config.keystore(), config.passwordFile(), config.createMissingKeys()),
                context));
  }

  @Override
  public String name() {
    return context.name();
  }

  @Override
  public Future<Void> prepare(KeyVersion version) {
    return context
        .setUp(() -> store.ensure(version.key(), version.algorithm(), config.createMissingKeys()))
        .recover(
            e ->
                Future.failedFuture(
                    BackendFailures.cannotServe(name(), version, e.getMessage(), e)))
        .mapEmpty();
  }

  @Override
  public Future<byte[]> wrap(KeyVersion version, byte[] plaintext) {
    return run(
        version, () -> LocalCrypto.wrap(version.algorithm(), key(version), plaintext, random));
  }

  @Override
  public Future<byte[]> unwrap(KeyVersion version, byte[] wrapped) {
    return run(version, () -> LocalCrypto.unwrap(version.algorithm(), key(version), wrapped));
  }

  @Override
  public Future<Void> health() {
    return Future.succeededFuture();
  }

  /** AES keys answer on the calling thread; RSA private-key operations go to the worker pool. */
  @Override
  public boolean answersInline(KeyVersion version) {
    return !version.algorithm().isRsa();
  }

  private Future<byte[]> run(KeyVersion version, Callable<byte[]> operation) {
    if (!answersInline(version)) {
      return context.blocking(operation);
    }
    try {
      return Future.succeededFuture(operation.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  private LocalKey key(KeyVersion version) {
    LocalKey key = store.get(version.key());
    if (key == null) {
      throw BackendFailures.noKey(name(), version);
    }
    return key;
  }
}
