package dev.keyshift.gateway.http;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become HTTP on the native and admin surfaces: {@code {"error": {"code",
 * "message"}}} with the code's status, {@code WWW-Authenticate} on 401 and {@code Retry-After}
 * where the failure carries one.
 */
public final class JsonErrors {
  private static final Logger LOG = LoggerFactory.getLogger(JsonErrors.class);

  private JsonErrors() {}

  /** The JSON body of an error, as a whole response or a batch item carries it. */
  public static JsonObject body(GatewayFailure failure) {
    return new JsonObject()
        .put(
            "error",
            new JsonObject()
                .put("code", failure.code().name())
                .put("message", failure.getMessage()));
  }

  /** A router failure handler: maps the failure (or the status Vert.x set) and answers. */
  public static void handle(RoutingContext ctx) {
    respond(ctx, classify(ctx));
  }

  /**
   * The failure a failed routing context carries, or the one its status means (Vert.x Web sets 413,
   * 404, 405 itself), logged once: server-side failures at WARN with their cause.
   */
  public static GatewayFailure classify(RoutingContext ctx) {
    GatewayFailure failure =
        ctx.failure() == null
            ? fromStatus(ctx.statusCode())
            : BrokenRequests.isBroken(ctx.failure())
                ? GatewayFailure.badRequest("the request could not be read")
                : GatewayFailure.from(ctx.failure());
    log(ctx, failure);
    return failure;
  }

  /**
   * Whether an error can still be answered; when the head is already out, the connection is closed
   * instead, so the client sees a failure rather than a truncated success.
   */
  public static boolean canAnswer(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.request().connection().close();
      return false;
    }
    return true;
  }

  private static void respond(RoutingContext ctx, GatewayFailure failure) {
    if (!canAnswer(ctx)) {
      return;
    }
    write(ctx.response(), failure);
  }

  /**
   * Answers a request refused before routing ({@link RequestGuard}); the connection is closed after
   * the answer, since what else it carries cannot be trusted either.
   */
  static void refuseBeforeRouting(HttpServerRequest request, GatewayFailure failure) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("request refused before routing: {}", failure.getMessage());
    }
    request.response().putHeader(HttpHeaders.CONNECTION, "close");
    write(request.response(), failure);
  }

  private static void write(HttpServerResponse response, GatewayFailure failure) {
    response.setStatusCode(status(failure.code()));
    response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    // Errors are answers about one request, never to be cached or replayed.
    response.putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (failure.code() == ErrorCode.UNAUTHENTICATED) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"keyshift\"");
    }
    failure
        .retryAfterSeconds()
        .ifPresent(seconds -> response.putHeader("Retry-After", Integer.toString(seconds)));
    response.end(Json.encode(body(failure)));
  }

  /** The HTTP status of each code on the native and admin surfaces. */
  public static int status(ErrorCode code) {
    return switch (code) {
      case BAD_REQUEST -> 400;
      case UNAUTHENTICATED -> 401;
      case FORBIDDEN, VERSION_DISABLED -> 403;
      case UNKNOWN_ALIAS, NOT_FOUND -> 404;
      case CONFLICT -> 412;
      case PAYLOAD_TOO_LARGE -> 413;
      case INVALID_CIPHERTEXT, INVALID_ROUTING -> 422;
      case THROTTLED -> 429;
      case INTERNAL -> 500;
      case BACKEND_ERROR -> 502;
      case BACKEND_UNAVAILABLE, STORE_UNAVAILABLE -> 503;
      case BACKEND_TIMEOUT -> 504;
    };
  }

  /**
   * Statuses Vert.x sets itself (body limit, unknown route, an {@code Expect} it does not meet) in
   * the documented shape: any other 4xx is the client's malformed request.
   */
  static GatewayFailure fromStatus(int status) {
    return switch (status) {
      case 413 -> GatewayFailure.of(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large");
      case 404, 405 -> GatewayFailure.of(ErrorCode.NOT_FOUND, "no such route");
      case 417 ->
          GatewayFailure.badRequest("the Expect header is not supported (only 100-continue)");
      default ->
          status >= 400 && status < 500
              ? GatewayFailure.badRequest("malformed request")
              : GatewayFailure.from(new IllegalStateException("unmapped status " + status));
    };
  }

  private static void log(RoutingContext ctx, GatewayFailure failure) {
    if (status(failure.code()) >= 500) {
      LOG.warn(
          "{} {} failed: {} {}",
          ctx.request().method(),
          ctx.request().path(),
          failure.code(),
          failure.getMessage(),
          failure.getCause());
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} refused: {}", ctx.request().method(), ctx.request().path(), failure.code());
    }
  }
}
