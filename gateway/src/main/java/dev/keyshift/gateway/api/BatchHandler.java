package dev.keyshift.gateway.api;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.JsonErrors;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/**
 * {@code POST /v1/keys/{alias}/{op}/batch}: {@code {"items": [...]}} with at most {@value
 * #MAX_ITEMS} items, each as the single operation takes it plus an optional {@code ref}. Answers
 * every item, in input order, with its result or its error; one bad item never fails the others.
 * Items run {@value #MAX_IN_FLIGHT} at a time.
 */
public final class BatchHandler {
  public static final int MAX_ITEMS = 1000;

  /**
   * A batch's items run at most this many at a time: a batch of a thousand on a vault-backed
   * version would otherwise fill the backend's bulkhead (256 by default) by itself and have most of
   * its items refused as THROTTLED.
   */
  public static final int MAX_IN_FLIGHT = 64;

  private BatchHandler() {}

  public static Future<JsonObject> handle(
      KeyOperationHandler operation, KeyCall call, JsonObject request) {
    JsonArray items = items(request);
    return new Window(operation, call, items)
        .run()
        .map(results -> new JsonObject().put("results", new JsonArray(results)));
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

  /** The items in flight, started as earlier ones finish; their results kept in input order. */
  private static final class Window {
    private final KeyOperationHandler operation;
    private final KeyCall call;
    private final JsonArray items;
    private final Object[] results;
    private final Promise<List<Object>> all = Promise.promise();
    private int next;
    private int inFlight;
    private int done;
    private boolean filling;

    Window(KeyOperationHandler operation, KeyCall call, JsonArray items) {
      this.operation = operation;
      this.call = call;
      this.items = items;
      this.results = new Object[items.size()];
    }

    Future<List<Object>> run() {
      if (items.isEmpty()) {
        return Future.succeededFuture(List.of());
      }
      fill();
      return all.future();
    }

    /**
     * Starts items until {@value #MAX_IN_FLIGHT} are in flight. A loop, not recursion: inline
     * backends finish an item before {@code item} returns, and a thousand nested completions would
     * overflow the stack.
     */
    private void fill() {
      synchronized (this) {
        if (filling) {
          return;
        }
        filling = true;
      }
      while (true) {
        int index;
        synchronized (this) {
          if (inFlight >= MAX_IN_FLIGHT || next >= items.size()) {
            filling = false;
            return;
          }
          index = next++;
          inFlight++;
        }
        item(operation, call, items.getValue(index)).onComplete(result -> finished(index, result));
      }
    }

    private void finished(int index, AsyncResult<JsonObject> result) {
      boolean last;
      synchronized (this) {
        results[index] =
            result.succeeded()
                ? result.result()
                : JsonErrors.body(GatewayFailure.from(result.cause()));
        inFlight--;
        last = ++done == results.length;
      }
      if (last) {
        all.complete(Arrays.asList(results));
      } else {
        fill();
      }
    }
  }
}
