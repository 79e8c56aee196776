package dev.keyshift.gateway.api;

import dev.keyshift.gateway.auth.Authenticator;
import dev.keyshift.gateway.auth.KeyAccess;
import dev.keyshift.gateway.config.TokenRule;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.BoundedBody;
import dev.keyshift.gateway.http.Json;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.http.JsonErrors;
import dev.keyshift.gateway.keys.KeyService;
import dev.keyshift.routing.RoutingSnapshot;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The native JSON API under {@code /v1}, answered straight from the HTTP server's request handler:
 * it is the hot path, and a web router's per-request routing context, route matching and body
 * handler cost more than the key operation. Every request is authenticated and authorised from its
 * headers and path before its body is read; bodies are capped at {@value #SINGLE_BODY_LIMIT} bytes,
 * {@value #BATCH_BODY_LIMIT} for batches. Failures are answered by {@link JsonErrors}.
 */
public final class NativeApi {
  public static final int SINGLE_BODY_LIMIT = 64 * 1024;
  public static final int BATCH_BODY_LIMIT = 1024 * 1024;
  // Encoded once: Vert.x checks a header's characters each time it is given a String.
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  private static final CharSequence REWRAP_MODE =
      HttpHeaders.createOptimized(KeyCall.REWRAP_MODE_HEADER);

  private final KeyAccess access;
  private final Supplier<RoutingSnapshot> routing;
  private final Map<String, KeyOperationHandler> handlers = new HashMap<>();

  public NativeApi(
      Authenticator authenticator, Supplier<RoutingSnapshot> routing, KeyService keys) {
    this.access = new KeyAccess(authenticator);
    this.routing = routing;
    List.of(
            new WrapHandler(keys),
            new UnwrapHandler(keys),
            new RewrapHandler(keys),
            new DataKeyHandler(keys))
        .forEach(handler -> handlers.put(handler.operation().wireName(), handler));
  }

  /**
   * Serves the request when it asks for a key operation ({@code POST
   * /v1/keys/{alias}/{op}[/batch]}) and answers true; answers false, having touched nothing, for
   * any other request.
   */
  public boolean serve(HttpServerRequest request) {
    KeyPath path = KeyPath.of(request);
    if (path == null) {
      return false;
    }
    KeyOperationHandler handler = handlers.get(path.operation());
    BoundedBody.after(authorize(request, path, handler), request, bodyLimit(path))
        .compose(body -> answer(request, path, handler, body))
        .onComplete(answer -> reply(request, answer));
    return true;
  }

  private Future<TokenRule> authorize(
      HttpServerRequest request, KeyPath path, KeyOperationHandler handler) {
    if (handler == null) {
      return Future.failedFuture(GatewayFailure.of(ErrorCode.NOT_FOUND, "unknown key operation"));
    }
    return access.authorize(
        request.getHeader(HttpHeaders.AUTHORIZATION), path.alias(), handler.operation());
  }

  private Future<JsonObject> answer(
      HttpServerRequest request, KeyPath path, KeyOperationHandler handler, Buffer body) {
    KeyCall call = KeyCall.of(path.alias(), request.getHeader(REWRAP_MODE));
    if (path.batch()) {
      routing.get().requireAlias(call.alias());
      return BatchHandler.handle(handler, call, JsonBody.object(body));
    }
    boolean empty = body.length() == 0;
    return handler.apply(
        call, empty && handler.bodyOptional() ? new JsonObject() : JsonBody.object(body));
  }

  private static int bodyLimit(KeyPath path) {
    return path.batch() ? BATCH_BODY_LIMIT : SINGLE_BODY_LIMIT;
  }

  private static void reply(HttpServerRequest request, AsyncResult<JsonObject> answer) {
    if (answer.succeeded()) {
      ok(request, answer.result());
    } else {
      JsonErrors.respond(request, answer.cause());
    }
  }

  private static void ok(HttpServerRequest request, JsonObject json) {
    request
        .response()
        .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
        // Answers may carry key material: no cache may keep them.
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
        .end(Json.encode(json));
  }
}
