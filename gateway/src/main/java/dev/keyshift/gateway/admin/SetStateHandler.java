package dev.keyshift.gateway.admin;

import dev.keyshift.gateway.auth.AdminAuthHandler;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.store.RoutingStore;
import dev.keyshift.routing.AliasChanges;
import dev.keyshift.routing.VersionState;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code PUT /admin/v1/aliases/{alias}/versions/{id}/state} {@code {"state":
 * "enabled"|"disabled"}}. A version must have weight 0 to be disabled; a disabled version refuses
 * unwrap.
 */
final class SetStateHandler {
  private final RoutingStore store;

  SetStateHandler(RoutingStore store) {
    this.store = store;
  }

  void handle(RoutingContext ctx) {
    String state = JsonBody.requiredString(JsonBody.object(ctx.body().buffer()), "state");
    VersionState newState =
        VersionState.fromWireName(state)
            .orElseThrow(
                () -> GatewayFailure.badRequest("field 'state' must be enabled or disabled"));
    String version = ctx.pathParam("id");
    store
        .change(
            ctx.pathParam("alias"),
            ctx.request().getHeader(HttpHeaders.IF_MATCH),
            AdminAuthHandler.actor(ctx),
            "set-state",
            alias -> AliasChanges.setState(alias, version, newState))
        .onSuccess(alias -> AdminResponses.alias(ctx, 200, alias))
        .onFailure(ctx::fail);
  }
}
