package dev.keyshift.gateway.admin;

import dev.keyshift.gateway.store.AliasJson;
import dev.keyshift.gateway.store.Revisions;
import dev.keyshift.routing.Alias;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** How admin handlers answer. */
final class AdminResponses {
  private AdminResponses() {}

  /** An alias with its revision as {@code ETag}. */
  static void alias(RoutingContext ctx, int status, Alias alias) {
    ctx.response().putHeader(HttpHeaders.ETAG, Revisions.etag(alias));
    json(ctx, status, AliasJson.of(alias));
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.toBuffer());
  }
}
