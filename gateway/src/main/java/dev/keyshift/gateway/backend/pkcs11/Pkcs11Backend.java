package dev.keyshift.gateway.backend.pkcs11;

import dev.keyshift.gateway.backend.BackendContext;
import dev.keyshift.gateway.backend.BackendFailures;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.routing.DomainException;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.Future;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import java.util.concurrent.Callable;

/**
 * Keys on a PKCS#11 HSM ({@code type: pkcs11}). Every call crosses JNI into the module, so every
 * one runs on the bounded crypto worker pool; SunPKCS11 pools the token sessions. A failed health
 * probe logs in again, which recovers from a lost login.
 */
public final class Pkcs11Backend implements KeyBackend {
  private final Pkcs11BackendConfig config;
  private final Pkcs11Token token;
  private final BackendContext context;
  private final SecureRandom random = new SecureRandom();

  private Pkcs11Backend(Pkcs11BackendConfig config, Pkcs11Token token, BackendContext context) {
    this.config = config;
    this.token = token;
    this.context = context;
  }

  static Future<KeyBackend> open(Pkcs11BackendConfig config, BackendContext context) {
    return context.setUp(() -> new Pkcs11Backend(config, Pkcs11Token.open(config), context));
  }

  @Override
  public String name() {
    return context.name();
  }

  @Override
  public Future<Void> prepare(KeyVersion version) {
    return context
        .setUp(() -> token.ensure(version.key(), version.algorithm(), config.createMissingKeys()))
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
    return context.blocking(call);
  }
}
