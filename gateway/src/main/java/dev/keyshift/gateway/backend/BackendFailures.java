package dev.keyshift.gateway.backend;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.routing.KeyVersion;

/** The failures every backend reports the same way. */
public final class BackendFailures {
  private BackendFailures() {}

  /**
   * A version the backend cannot serve (key missing or of the wrong kind, algorithm unknown): a
   * routing that names it is {@code INVALID_ROUTING}.
   */
  public static GatewayFailure cannotServe(
      String backend, KeyVersion version, String reason, Throwable cause) {
    return GatewayFailure.backend(
        ErrorCode.INVALID_ROUTING,
        "backend " + backend + " cannot serve version " + version.id() + ": " + reason,
        cause);
  }

  /** A call for a version whose key was never prepared: a bug, reported as the backend's. */
  public static GatewayFailure noKey(String backend, KeyVersion version) {
    return GatewayFailure.of(
        ErrorCode.BACKEND_ERROR, "backend " + backend + " has no key for version " + version.id());
  }
}
