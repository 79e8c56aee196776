package dev.keyshift.gateway.admin;

import dev.keyshift.gateway.auth.AdminAuthHandler;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.store.RoutingStore;
import dev.keyshift.routing.AliasChanges;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code PUT /admin/v1/aliases/{alias}/weights} {@code {"weights": {"v1": 90, "v2": 10}}}: replaces
 * every weight (versions not named get 0). Honours {@code If-Match}.
 */
final class SetWeightsHandler {
  private final RoutingStore store;

  SetWeightsHandler(RoutingStore store) {
    this.store = store;
  }

  void handle(RoutingContext ctx) {
    Map<String, Integer> weights = weights(JsonBody.object(ctx.body().buffer()));
    store
        .change(
            ctx.pathParam("alias"),
            ctx.request().getHeader(HttpHeaders.IF_MATCH),
            AdminAuthHandler.actor(ctx),
            "set-weights",
            alias -> AliasChanges.setWeights(alias, weights))
        .onSuccess(alias -> AdminResponses.alias(ctx, 200, alias))
        .onFailure(ctx::fail);
  }

  static Map<String, Integer> weights(JsonObject body) {
    if (!(body.getValue("weights") instanceof JsonObject json) || json.isEmpty()) {
      throw GatewayFailure.badRequest(
          "field 'weights' must be an object like {\"v1\": 90, \"v2\": 10}");
    }
    Map<String, Integer> weights = new LinkedHashMap<>();
    json.forEach(
        entry -> {
          if (!(entry.getValue() instanceof Integer weight)) {
            throw GatewayFailure.badRequest(
                "weight of " + entry.getKey() + " must be a whole number");
          }
          weights.put(entry.getKey(), weight);
        });
    return weights;
  }
}
