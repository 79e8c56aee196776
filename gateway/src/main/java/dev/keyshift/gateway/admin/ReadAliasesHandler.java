package dev.keyshift.gateway.admin;

import dev.keyshift.gateway.store.AliasJson;
import dev.keyshift.gateway.store.RoutingStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /admin/v1/aliases} and {@code GET /admin/v1/aliases/{alias}}. */
final class ReadAliasesHandler {
  private final RoutingStore store;

  ReadAliasesHandler(RoutingStore store) {
    this.store = store;
  }

  void list(RoutingContext ctx) {
    JsonArray aliases = new JsonArray();
    store.get().aliases().values().forEach(alias -> aliases.add(AliasJson.of(alias)));
    AdminResponses.json(ctx, 200, new JsonObject().put("aliases", aliases));
  }

  void show(RoutingContext ctx) {
    AdminResponses.alias(ctx, 200, store.get().requireAlias(ctx.pathParam("alias")));
  }
}
