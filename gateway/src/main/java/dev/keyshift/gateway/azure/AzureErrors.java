package dev.keyshift.gateway.azure;

import dev.keyshift.gateway.config.AzureChallenge;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.Json;
import dev.keyshift.gateway.http.JsonErrors;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The one place failures become HTTP on the Azure-compatible surface: Key Vault's shape {@code
 * {"error": {"code", "message"}}} and codes, so the Azure SDK raises what its users expect.
 */
final class AzureErrors {
  private final AzureChallenge challenge;

  AzureErrors(AzureChallenge challenge) {
    this.challenge = challenge;
  }

  /** Answers a failed request: {@code cause} classified, logged once and written. */
  void respond(HttpServerRequest request, Throwable cause) {
    GatewayFailure failure = JsonErrors.classify(request, cause);
    if (!JsonErrors.canAnswer(request)) {
      return;
    }
    HttpServerResponse response = request.response();
    response
        .setStatusCode(status(failure.code()))
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        // Errors are answers about one request, never to be cached or replayed.
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (failure.code() == ErrorCode.UNAUTHENTICATED) {
      response.putHeader("WWW-Authenticate", challenge.header());
    }
    failure
        .retryAfterSeconds()
        .ifPresent(s -> response.putHeader("Retry-After", Integer.toString(s)));
    JsonObject error =
        new JsonObject().put("code", code(failure.code())).put("message", failure.getMessage());
    JsonErrors.finish(request, Json.encode(new JsonObject().put("error", error)));
  }

  static String code(ErrorCode code) {
    return switch (code) {
      case UNAUTHENTICATED -> "Unauthorized";
      case FORBIDDEN, VERSION_DISABLED -> "Forbidden";
      case UNKNOWN_ALIAS, NOT_FOUND -> "KeyNotFound";
      case BAD_REQUEST, INVALID_CIPHERTEXT, PAYLOAD_TOO_LARGE, CONFLICT, INVALID_ROUTING ->
          "BadParameter";
      case THROTTLED -> "Throttled";
      case BACKEND_ERROR -> "BadGateway";
      case BACKEND_UNAVAILABLE -> "ServiceUnavailable";
      case BACKEND_TIMEOUT -> "GatewayTimeout";
      case INTERNAL -> "InternalServerError";
      case STORE_UNAVAILABLE -> "ServiceUnavailable";
    };
  }

  /** Key Vault answers every malformed or undecryptable input with 400 BadParameter. */
  static int status(ErrorCode code) {
    return code(code).equals("BadParameter") ? 400 : JsonErrors.status(code);
  }
}
