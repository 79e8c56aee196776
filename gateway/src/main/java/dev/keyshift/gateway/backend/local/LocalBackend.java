package dev.keyshift.gateway.backend.local;

import dev.keyshift.gateway.backend.BackendFailures;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.config.LocalBackendConfig;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.security.SecureRandom;
import java.util.List;
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
  private final WorkerExecutor workers;
  private final SecureRandom random;

  private LocalBackend(LocalBackendConfig config, LocalKeyStore store, WorkerExecutor workers) {
    this.config = config;
    this.store = store;
    this.workers = workers;
    this.random = new SecureRandom();
  }

  /** Opens the keystore on the worker pool. */
  public static Future<KeyBackend> open(LocalBackendConfig config, WorkerExecutor workers) {
    return workers.executeBlocking(
        () ->
            new LocalBackend(
                config,
                LocalKeyStore.open(
                    config.keystore(), config.passwordFile(), config.createMissingKeys()),
                workers),
        false);
  }

  /** Creates a key in the keystore ({@code aes-256} or {@code rsa-3072}); blocking. */
  public static void createKey(LocalBackendConfig config, String name, String type)
      throws Exception {
    LocalKeyStore.open(config.keystore(), config.passwordFile(), true).create(name, type);
  }

  /** The keystore's keys, one {@code name<TAB>kind} each; blocking. */
  public static List<String> listKeys(LocalBackendConfig config) throws Exception {
    return LocalKeyStore.open(config.keystore(), config.passwordFile(), false).list();
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public Future<Void> prepare(KeyVersion version) {
    return workers
        .executeBlocking(
            () -> store.ensure(version.key(), version.algorithm(), config.createMissingKeys()),
            false)
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

  private Future<byte[]> run(KeyVersion version, Callable<byte[]> operation) {
    if (version.algorithm().isRsa()) {
      return workers.executeBlocking(operation, false);
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
