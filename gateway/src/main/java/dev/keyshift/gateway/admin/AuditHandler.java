package dev.keyshift.gateway.admin;

import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.store.RoutingStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** {@code GET /admin/v1/audit?limit=100&since=2026-11-28T00:00:00Z}: newest first. */
final class AuditHandler {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final RoutingStore store;

  AuditHandler(RoutingStore store) {
    this.store = store;
  }

  void handle(RoutingContext ctx) {
    int limit = limit(ctx.queryParams().get("limit"));
    Instant since = since(ctx.queryParams().get("since"));
    store
        .audit(limit, since)
        .onSuccess(
            entries ->
                AdminResponses.json(
                    ctx, 200, new JsonObject().put("entries", new JsonArray(entries))))
        .onFailure(ctx::fail);
  }

  private static int limit(String value) {
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw GatewayFailure.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
  }

  private static Instant since(String value) {
    try {
      return value == null ? null : Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw GatewayFailure.badRequest(
          "since must be an ISO-8601 instant like 2026-11-28T17:00:00Z");
    }
  }
}
