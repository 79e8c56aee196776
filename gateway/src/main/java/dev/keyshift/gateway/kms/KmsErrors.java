package dev.keyshift.gateway.kms;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the plugin answers a failure, in one place: the caller's mistakes (an empty or oversized
 * plaintext, a ciphertext that is not this alias's envelope or does not open) are {@code
 * INVALID_ARGUMENT}, a backend in trouble or throttling is {@code UNAVAILABLE} (the API server
 * retries), a disabled version is {@code FAILED_PRECONDITION}, a bug is {@code INTERNAL}. Messages
 * are the gateway's, which never carry key material.
 */
final class KmsErrors {
  private static final Logger LOG = LoggerFactory.getLogger(KmsErrors.class);

  private KmsErrors() {}

  static void respond(GrpcServerResponse<?, ?> response, String method, Throwable failure) {
    GatewayFailure classified = GatewayFailure.from(failure);
    GrpcStatus status = statusOf(classified.code());
    if (status == GrpcStatus.INTERNAL) {
      LOG.error("kms-plugin {} failed", method, failure);
    }
    response.status(status).statusMessage(classified.getMessage()).end();
  }

  static GrpcStatus statusOf(ErrorCode code) {
    return switch (code) {
      case BAD_REQUEST, INVALID_CIPHERTEXT, PAYLOAD_TOO_LARGE, UNKNOWN_ALIAS ->
          GrpcStatus.INVALID_ARGUMENT;
      case VERSION_DISABLED -> GrpcStatus.FAILED_PRECONDITION;
      case BACKEND_ERROR, BACKEND_UNAVAILABLE, BACKEND_TIMEOUT, THROTTLED, STORE_UNAVAILABLE ->
          GrpcStatus.UNAVAILABLE;
      default -> GrpcStatus.INTERNAL;
    };
  }
}
