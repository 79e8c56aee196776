package dev.keyshift.gateway.api;

import dev.keyshift.routing.Operation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * One key operation of the native API, from request JSON to response JSON. The same handler serves
 * the single call and each item of a batch.
 */
public interface KeyOperationHandler {
  Operation operation();

  /** Whether every field is optional, so that an empty body means "all defaults". */
  default boolean bodyOptional() {
    return false;
  }

  /** May throw a {@link dev.keyshift.gateway.failure.GatewayFailure} for a malformed request. */
  Future<JsonObject> handle(KeyCall call, JsonObject request);

  /** {@link #handle}, with anything it throws turned into a failed Future. */
  default Future<JsonObject> apply(KeyCall call, JsonObject request) {
    try {
      return handle(call, request);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
