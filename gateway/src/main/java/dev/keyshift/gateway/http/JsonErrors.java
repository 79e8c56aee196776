package dev.keyshift.gateway.http;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.failure.LogThrottle;
import io.vertx.core.buffer.Buffer;
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

  /** One line per error code every few seconds: an outage must not flood the log. */
  private static final LogThrottle THROTTLE = new LogThrottle();

  /**
   * The most bytes of a refused request's body read and dropped before its connection is closed.
   */
  static final int MOST_DROPPED = 1024 * 1024;

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
    if (ctx.failure() == null) {
      GatewayFailure failure = fromStatus(ctx.statusCode());
      log(ctx.request(), failure);
      return failure;
    }
    return classify(ctx.request(), ctx.failure());
  }

  /** {@code cause} as a gateway failure, logged once like {@link #classify(RoutingContext)}. */
  public static GatewayFailure classify(HttpServerRequest request, Throwable cause) {
    GatewayFailure failure =
        BrokenRequests.isBroken(cause)
            ? GatewayFailure.badRequest("the request could not be read")
            : GatewayFailure.from(cause);
    log(request, failure);
    return failure;
  }

  /**
   * Answers a request that failed outside a router (the data plane's key operations): {@code cause}
   * classified, logged and written in the documented shape.
   */
  public static void respond(HttpServerRequest request, Throwable cause) {
    GatewayFailure failure = classify(request, cause);
    if (canAnswer(request)) {
      head(request.response(), failure);
      finish(request, Json.encode(body(failure)));
    }
  }

  /**
   * Whether an error can still be answered; when the head is already out, the connection is closed
   * instead, so the client sees a failure rather than a truncated success.
   */
  public static boolean canAnswer(HttpServerRequest request) {
    if (request.response().headWritten()) {
      LOG.warn(
          "{} {} failed after its answer was started; closing the connection",
          request.method(),
          request.path());
      request.connection().close();
      return false;
    }
    return true;
  }

  /**
   * Ends an error answer; a body still unread (the caller was refused first, or the body was too
   * large) is read and dropped, up to {@value #MOST_DROPPED} bytes, so the connection can carry the
   * next request. Closing at once would reset a connection with data in flight and could destroy
   * the answer before the client reads it; past that many bytes the client is not listening anyway.
   */
  public static void finish(HttpServerRequest request, Buffer body) {
    if (!request.isEnded()) {
      long[] dropped = {0};
      request.handler(
          chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > MOST_DROPPED) {
              request.connection().close();
            }
          });
      request.resume();
    }
    request.response().end(body);
  }

  private static void respond(RoutingContext ctx, GatewayFailure failure) {
    if (!canAnswer(ctx.request())) {
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
    head(response, failure);
    response.end(Json.encode(body(failure)));
  }

  /** The status and headers of an error answer. */
  private static void head(HttpServerResponse response, GatewayFailure failure) {
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

  private static void log(HttpServerRequest request, GatewayFailure failure) {
    if (status(failure.code()) >= 500) {
      long held = THROTTLE.admit(failure.code().name());
      if (held >= 0) {
        LOG.warn(
            "{} {} failed: {} {}{}",
            request.method(),
            request.path(),
            failure.code(),
            failure.getMessage(),
            LogThrottle.heldBack(held),
            failure.getCause());
      }
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} refused: {}", request.method(), request.path(), failure.code());
    }
  }
}
