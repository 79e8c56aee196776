package dev.keyshift.gateway.backend;

import dev.keyshift.routing.KeyVersion;
import io.vertx.core.Future;

/**
 * The extension point: a place where keys live (software keystore, PKCS#11 HSM, Azure vault).
 *
 * <p>Methods are called on an event loop and must not block it: a backend runs blocking work on a
 * bounded worker pool and remote calls asynchronously. Failures are {@link
 * dev.keyshift.routing.InvalidCiphertextException} when the wrapped bytes do not unwrap under the
 * key (tampered, truncated, another key's), {@link dev.keyshift.routing.InvalidPlaintextException}
 * when the key cannot wrap a plaintext of that size, and a {@link
 * dev.keyshift.gateway.failure.GatewayFailure} with a {@code BACKEND_*} code for anything else.
 */
public interface KeyBackend {
  /** The backend's configured name. */
  String name();

  /**
   * Makes sure the backend can serve this version (algorithm supported, key present or created).
   * Called before routing that names the version is put in force.
   */
  Future<Void> prepare(KeyVersion version);

  /**
   * Readies the backend for more of this version's calls, before a routing change that gives it
   * more traffic is put in force, so that the first of those calls do not each wait for what the
   * backend opens (a vault's connections). Best effort: it never fails, and it completes within the
   * backend's timeout. Nothing to do unless a backend knows better.
   */
  default Future<Void> warm(KeyVersion version) {
    return Future.succeededFuture();
  }

  /** Wraps {@code plaintext} under the version's key; returns the backend's wrapped bytes. */
  Future<byte[]> wrap(KeyVersion version, byte[] plaintext);

  /** Unwraps bytes this backend's {@link #wrap} produced (or a legacy blob of the same key). */
  Future<byte[]> unwrap(KeyVersion version, byte[] wrapped);

  /** Succeeds when the backend can serve requests now. */
  Future<Void> health();

  /**
   * Whether {@link #wrap} and {@link #unwrap} on this version answer before they return, doing no
   * I/O and using no worker (keys in process memory). Such calls cannot pile up or be slow, so the
   * resilience guards refuse them as any call (bulkhead full, circuit open) but keep no account of
   * them. False unless a backend knows better.
   */
  default boolean answersInline(KeyVersion version) {
    return false;
  }
}
