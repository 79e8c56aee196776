package dev.keyshift.gateway.failure;

import java.util.Locale;

/**
 * The error codes of the HTTP contract. Codes are a public contract; what HTTP status each one
 * becomes is each surface's business (native and admin: {@code JsonErrors}; Azure: {@code
 * AzureErrors}).
 */
public enum ErrorCode {
  BAD_REQUEST,
  UNAUTHENTICATED,
  FORBIDDEN,
  VERSION_DISABLED,
  UNKNOWN_ALIAS,
  NOT_FOUND,
  CONFLICT,
  PAYLOAD_TOO_LARGE,
  INVALID_CIPHERTEXT,
  INVALID_ROUTING,
  THROTTLED,
  /** Only for bugs: nothing a client sends may produce it. */
  INTERNAL,
  BACKEND_ERROR,
  BACKEND_UNAVAILABLE,
  BACKEND_TIMEOUT,
  /** The routing store cannot be written (or, when shared, reached); admin writes only. */
  STORE_UNAVAILABLE;

  /** Whether the code says the backend is in trouble (the circuit breaker counts these). */
  public boolean isBackendTrouble() {
    return this == BACKEND_ERROR
        || this == BACKEND_UNAVAILABLE
        || this == BACKEND_TIMEOUT
        || this == INTERNAL;
  }

  /** The {@code outcome} tag value in metrics. */
  public String outcomeTag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
