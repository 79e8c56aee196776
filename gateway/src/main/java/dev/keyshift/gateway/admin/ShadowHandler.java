package dev.keyshift.gateway.admin;

import dev.keyshift.gateway.auth.AdminAuthHandler;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.store.RoutingStore;
import dev.keyshift.routing.AliasChanges;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code PUT /admin/v1/aliases/{alias}/versions/{id}/shadow} {@code {"shadow": 10}}: the share
 * (0-100) of the alias's wraps also wrapped and unwrapped on that version, results discarded.
 * Honours {@code If-Match}; pauses a running plan, as any change of traffic not made by the plan.
 */
final class ShadowHandler {
  private final RoutingStore store;

  ShadowHandler(RoutingStore store) {
    this.store = store;
  }

  void handle(RoutingContext ctx) {
    int shadow = JsonBody.requiredInt(JsonBody.object(ctx.body().buffer()), "shadow", 0, 100);
    String version = ctx.pathParam("id");
    store
        .change(
            ctx.pathParam("alias"),
            ctx.request().getHeader(HttpHeaders.IF_MATCH),
            AdminAuthHandler.actor(ctx),
            "set-shadow",
            alias -> AliasChanges.setShadow(alias, version, shadow))
        .onSuccess(alias -> AdminResponses.alias(ctx, 200, alias))
        .onFailure(ctx::fail);
  }
}
