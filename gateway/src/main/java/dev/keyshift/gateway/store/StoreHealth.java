package dev.keyshift.gateway.store;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import java.time.Instant;

/**
 * Whether the routing store answers. While it does not, the data plane serves the routing last read
 * and admin writes answer {@code STORE_UNAVAILABLE}.
 *
 * @param type {@code file} or {@code postgresql}
 * @param up whether the latest exchange with the store succeeded
 * @param downSince when it stopped answering, or null while up
 * @param problem what the latest failure was, or null while up
 */
public record StoreHealth(String type, boolean up, Instant downSince, String problem) {
  static final StoreHealth FILE = new StoreHealth("file", true, null, null);

  /** What a refused admin write tells the client to wait. */
  public static final int RETRY_SECONDS = 5;

  /** The failure of a change or read the store could not serve. */
  public static GatewayFailure unavailable(String what, Throwable cause) {
    return GatewayFailure.retryable(
        ErrorCode.STORE_UNAVAILABLE, what + ": " + cause.getMessage(), RETRY_SECONDS, cause);
  }
}
