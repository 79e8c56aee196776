package dev.keyshift.gateway.failure;

import dev.keyshift.routing.DomainException;
import dev.keyshift.routing.InvalidCiphertextException;
import dev.keyshift.routing.InvalidPlaintextException;
import dev.keyshift.routing.InvalidRoutingException;
import dev.keyshift.routing.UnknownAliasException;
import dev.keyshift.routing.VersionDisabledException;
import java.util.OptionalInt;

/**
 * A failure travelling through a Future chain, carrying its code and no HTTP status: each surface
 * maps codes to statuses in one place. A failure is classified once, where it arises ({@link #from}
 * for what arrives unclassified); later steps only read its code. The message is shown to the
 * caller: it never carries key material, tokens or stack traces.
 */
public final class GatewayFailure extends RuntimeException {
  private final ErrorCode code;
  private final int retryAfterSeconds;

  private GatewayFailure(ErrorCode code, String message, int retryAfterSeconds, Throwable cause) {
    super(message, cause, false, false);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static GatewayFailure of(ErrorCode code, String message) {
    return new GatewayFailure(code, message, -1, null);
  }

  /** A failure that tells the client when to retry ({@code Retry-After}). */
  public static GatewayFailure retryable(ErrorCode code, String message, int retryAfterSeconds) {
    return new GatewayFailure(code, message, retryAfterSeconds, null);
  }

  /** A retryable failure with a cause for the log, never for the client. */
  public static GatewayFailure retryable(
      ErrorCode code, String message, int retryAfterSeconds, Throwable cause) {
    return new GatewayFailure(code, message, retryAfterSeconds, cause);
  }

  /** A backend failure; the cause is for the log, never for the client. */
  public static GatewayFailure backend(ErrorCode code, String message, Throwable cause) {
    return new GatewayFailure(code, message, -1, cause);
  }

  public static GatewayFailure badRequest(String message) {
    return of(ErrorCode.BAD_REQUEST, message);
  }

  /**
   * Classifies any failure: gateway failures stay as they are, domain refusals get their code,
   * anything else is a bug ({@link ErrorCode#INTERNAL}) whose details stay in the log.
   */
  public static GatewayFailure from(Throwable failure) {
    if (failure instanceof GatewayFailure gatewayFailure) {
      return gatewayFailure;
    }
    if (failure instanceof DomainException domain) {
      return of(codeOf(domain), domain.getMessage());
    }
    return new GatewayFailure(ErrorCode.INTERNAL, "internal error", -1, failure);
  }

  /** The code of any failure, classifying it only when it is not a gateway failure yet. */
  public static ErrorCode codeOf(Throwable failure) {
    return failure instanceof GatewayFailure gatewayFailure
        ? gatewayFailure.code
        : from(failure).code;
  }

  public ErrorCode code() {
    return code;
  }

  public OptionalInt retryAfterSeconds() {
    return retryAfterSeconds < 0 ? OptionalInt.empty() : OptionalInt.of(retryAfterSeconds);
  }

  private static ErrorCode codeOf(DomainException domain) {
    if (domain instanceof InvalidCiphertextException) {
      return ErrorCode.INVALID_CIPHERTEXT;
    }
    if (domain instanceof VersionDisabledException) {
      return ErrorCode.VERSION_DISABLED;
    }
    if (domain instanceof UnknownAliasException) {
      return ErrorCode.UNKNOWN_ALIAS;
    }
    if (domain instanceof InvalidPlaintextException) {
      return ErrorCode.BAD_REQUEST;
    }
    if (domain instanceof InvalidRoutingException) {
      return ErrorCode.INVALID_ROUTING;
    }
    return ErrorCode.BAD_REQUEST;
  }
}
