package dev.keyshift.gateway.api;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.JsonErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/keys/{alias}/{op}/batch}: {@code {"items": [...]}} with at most {@value
 * #MAX_ITEMS} items, each as the single operation takes it plus an optional {@code ref}. Answers
 * every item, in input order, with its result or its error; one bad item never fails the others.
 */
public final class BatchHandler {
  public static final int MAX_ITEMS = 1000;

  private BatchHandler() {}

  public static Future<JsonObject> handle(
      KeyOperationHandler operation, KeyCall call, JsonObject request) {
    JsonArray items = items(request);
    List<Future<JsonObject>> results = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      results.add(item(operation, call, items.getValue(i)));
    }
    return Future.all(results)
        .map(all -> new JsonObject().put("results", new JsonArray(new ArrayList<>(all.list()))));
  }

  private static JsonArray items(JsonObject request) {
    Object items = request.getValue("items");
    if (!(items instanceof JsonArray array)) {
      throw GatewayFailure.badRequest("field 'items' must be a list");
    }
    if (array.size() > MAX_ITEMS) {
      throw GatewayFailure.of(
          ErrorCode.PAYLOAD_TOO_LARGE, "a batch holds at most " + MAX_ITEMS + " items");
    }
    return array;
  }

  private static Future<JsonObject> item(KeyOperationHandler operation, KeyCall call, Object item) {
    if (!(item instanceof JsonObject json)) {
      return Future.succeededFuture(
          JsonErrors.body(GatewayFailure.badRequest("each item must be a JSON object")));
    }
    Object ref = json.getValue("ref");
    if (ref != null && !(ref instanceof String || ref instanceof Number)) {
      return Future.succeededFuture(
          JsonErrors.body(GatewayFailure.badRequest("field 'ref' must be a string or a number")));
    }
    return operation
        .apply(call, json)
        .otherwise(failure -> JsonErrors.body(GatewayFailure.from(failure)))
        .map(result -> ref == null ? result : result.put("ref", ref));
  }
}
