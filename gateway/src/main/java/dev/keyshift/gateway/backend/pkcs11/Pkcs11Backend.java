package dev.keyshift.gateway.backend.pkcs11;

import dev.keyshift.gateway.backend.BackendFailures;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.config.Pkcs11BackendConfig;
import dev.keyshift.gateway.http.ErrorCode;
import dev.keyshift.gateway.http.GatewayFailure;
import dev.keyshift.routing.DomainException;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Keys on a PKCS#11 HSM ({@code type: pkcs11}). Every call crosses JNI into the module, so every
 * one runs on the bounded crypto worker pool; SunPKCS11 pools the token sessions. A failed health
 * probe logs in again, which recovers from a lost login.
 */
public final class Pkcs11Backend implements KeyBackend {
  private final Pkcs11BackendConfig config;
  private final Pkcs11Token token;
  private final WorkerExecutor workers;
  private final SecureRandom random = new SecureRandom();

  private Pkcs11Backend(Pkcs11BackendConfig config, Pkcs11Token token, WorkerExecutor workers) {
    this.config = config;
    this.token = token;
    this.workers = workers;
  }

  public static Future<KeyBackend> open(Pkcs11BackendConfig config, WorkerExecutor workers) {
    return workers.executeBlocking(
        () -> new Pkcs11Backend(config, Pkcs11Token.open(config), workers), false);
  }

  /**
   * Creates a key on the token ({@code aes-256} or {@code rsa-3072}), never extractable; blocking.
   */
  public static void createKey(Pkcs11BackendConfig config, String name, String type)
      throws Exception {
    Pkcs11Token.open(config).generate(name, type);
  }

  /** The token's keys, one {@code name<TAB>kind} each; blocking. */
  public static List<String> listKeys(Pkcs11BackendConfig config) throws Exception {
    return Pkcs11Token.open(config).list();
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public Future<Void> prepare(KeyVersion version) {
    return blocking(
            () -> token.ensure(version.key(), version.algorithm(), config.createMissingKeys()))
        .recover(
            e ->
                Future.failedFuture(
                    BackendFailures.cannotServe(name(), version, e.getMessage(), e)))
        .mapEmpty();
  }

  @Override
  public Future<byte[]> wrap(KeyVersion version, byte[] plaintext) {
    return withRelogin(
        () -> Pkcs11Crypto.wrap(version.algorithm(), token, key(version), plaintext, random));
  }

  @Override
  public Future<byte[]> unwrap(KeyVersion version, byte[] wrapped) {
    return withRelogin(
        () -> Pkcs11Crypto.unwrap(version.algorithm(), token, key(version), wrapped));
  }

  /** A token round trip; when it fails, logs in again (a lost session) and tries once more. */
  @Override
  public Future<Void> health() {
    return blocking(
        () -> {
          try {
            token.ping();
          } catch (GeneralSecurityException | RuntimeException e) {
            token.login();
            token.ping();
          }
          return null;
        });
  }

  /**
   * Runs a token operation; when the token fails (not the request: a lost session or login), logs
   * in again and retries once, then reports {@code BACKEND_ERROR}.
   */
  private Future<byte[]> withRelogin(Callable<byte[]> operation) {
    return blocking(operation)
        .recover(
            failure ->
                isTokenFailure(failure)
                    ? blocking(
                        () -> {
                          token.login();
                          return operation.call();
                        })
                    : Future.failedFuture(failure))
        .recover(
            failure ->
                Future.failedFuture(
                    isTokenFailure(failure)
                        ? GatewayFailure.backend(
                            ErrorCode.BACKEND_ERROR,
                            "backend "
                                + name()
                                + " failed: the token did not complete the operation",
                            failure)
                        : failure));
  }

  private static boolean isTokenFailure(Throwable failure) {
    return !(failure instanceof DomainException) && !(failure instanceof GatewayFailure);
  }

  private Key[] key(KeyVersion version) {
    Key[] key = token.get(version.key());
    if (key == null) {
      throw BackendFailures.noKey(name(), version);
    }
    return key;
  }

  private <T> Future<T> blocking(Callable<T> call) {
    return workers.executeBlocking(call, false);
  }
}
