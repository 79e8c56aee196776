package dev.keyshift.gateway.api;

import dev.keyshift.gateway.auth.Authenticator;
import dev.keyshift.gateway.auth.BearerAuthHandler;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.Json;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.http.JsonErrors;
import dev.keyshift.gateway.keys.KeyService;
import dev.keyshift.routing.Operation;
import dev.keyshift.routing.RoutingSnapshot;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The native JSON API under {@code /v1}. Every request is authenticated and authorised from its
 * headers and path before its body is read; bodies are capped at {@value #SINGLE_BODY_LIMIT} bytes,
 * {@value #BATCH_BODY_LIMIT} for batches.
 */
public final class NativeApi {
  public static final int SINGLE_BODY_LIMIT = 64 * 1024;
  public static final int BATCH_BODY_LIMIT = 1024 * 1024;
  private static final String SINGLE_PATH = "/v1/keys/:alias/:op";
  private static final String BATCH_PATH = "/v1/keys/:alias/:op/batch";

  private final BearerAuthHandler auth;
  private final Supplier<RoutingSnapshot> routing;
  private final Map<Operation, KeyOperationHandler> handlers = new EnumMap<>(Operation.class);

  public NativeApi(
      Authenticator authenticator, Supplier<RoutingSnapshot> routing, KeyService keys) {
    this.auth = new BearerAuthHandler(authenticator);
    this.routing = routing;
    List.of(
            new WrapHandler(keys),
            new UnwrapHandler(keys),
            new RewrapHandler(keys),
            new DataKeyHandler(keys))
        .forEach(handler -> handlers.put(handler.operation(), handler));
  }

  /**
   * Mounts the routes, and JSON errors for everything that fails or matches nothing: mount other
   * surfaces first.
   */
  public void mount(Router router) {
    // Authorisation gets routes of its own, ahead of the body handlers: Vert.x Web would order a
    // body handler first on a shared route, reading the body of callers it is about to refuse.
    router.post(BATCH_PATH).handler(auth);
    router.post(SINGLE_PATH).handler(auth);
    router.post(BATCH_PATH).handler(NativeApi::readAsJson);
    router.post(SINGLE_PATH).handler(NativeApi::readAsJson);
    router.post(BATCH_PATH).handler(bodyHandler(BATCH_BODY_LIMIT)).handler(this::batch);
    router.post(SINGLE_PATH).handler(bodyHandler(SINGLE_BODY_LIMIT)).handler(this::single);
    router.route().failureHandler(JsonErrors::handle);
    router
        .route()
        .last()
        .handler(ctx -> ctx.fail(GatewayFailure.of(ErrorCode.NOT_FOUND, noRoute(ctx))));
  }

  private void single(RoutingContext ctx) {
    KeyOperationHandler handler = handlers.get(operation(ctx));
    handler
        .apply(KeyCall.of(ctx), body(ctx, handler))
        .onSuccess(json -> ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private void batch(RoutingContext ctx) {
    KeyCall call = KeyCall.of(ctx);
    routing.get().requireAlias(call.alias());
    BatchHandler.handle(handlers.get(operation(ctx)), call, JsonBody.object(ctx.body().buffer()))
        .onSuccess(json -> ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private static JsonObject body(RoutingContext ctx, KeyOperationHandler handler) {
    Buffer body = ctx.body().buffer();
    boolean empty = body == null || body.length() == 0;
    return empty && handler.bodyOptional() ? new JsonObject() : JsonBody.object(body);
  }

  private static Operation operation(RoutingContext ctx) {
    return Operation.fromWireName(ctx.pathParam("op")).orElseThrow();
  }

  private static void ok(RoutingContext ctx, JsonObject json) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        // Answers may carry key material: no cache may keep them.
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(Json.encode(json));
  }

  /**
   * Every body here is JSON, whatever the request says: {@code curl -d} labels its bodies as a
   * form, and a body handler would decode a form and refuse a long "field" (a batch) as unreadable.
   */
  private static void readAsJson(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (type != null && !type.toLowerCase(java.util.Locale.ROOT).contains("json")) {
      ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
    }
    ctx.next();
  }

  private static BodyHandler bodyHandler(int limit) {
    return BodyHandler.create(false).setBodyLimit(limit);
  }

  private static String noRoute(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
    return "no route for "
        + ctx.request().method()
        + " "
        + shown
        + " (key operations are POST /v1/keys/{alias}/wrap|unwrap|rewrap|datakey[/batch])";
  }
}
