package dev.keyshift.gateway.http;

/** The error codes of DESIGN.md with their HTTP statuses. Codes are a public contract. */
public enum ErrorCode {
  BAD_REQUEST(400),
  UNAUTHENTICATED(401),
  FORBIDDEN(403),
  VERSION_DISABLED(403),
  UNKNOWN_ALIAS(404),
  NOT_FOUND(404),
  CONFLICT(412),
  PAYLOAD_TOO_LARGE(413),
  INVALID_CIPHERTEXT(422),
  INVALID_ROUTING(422),
  THROTTLED(429),
  /** Only for bugs: nothing a client sends may produce it. */
  INTERNAL(500),
  BACKEND_ERROR(502),
  BACKEND_UNAVAILABLE(503),
  BACKEND_TIMEOUT(504);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The {@code outcome} tag value in metrics. */
  public String outcomeTag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
