package dev.keyshift.gateway.api;

import dev.keyshift.gateway.async.Futures;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.keys.KeyService;
import dev.keyshift.routing.Base64Text;
import dev.keyshift.routing.Operation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code POST /v1/keys/{alias}/datakey}: {@code {"bytes"?: 32, "routingKey"?, "context"?}}. */
public final class DataKeyHandler implements KeyOperationHandler {
  public static final int DEFAULT_BYTES = 32;
  public static final int MAX_BYTES = 1024;

  private final KeyService keys;

  public DataKeyHandler(KeyService keys) {
    this.keys = keys;
  }

  @Override
  public Operation operation() {
    return Operation.DATAKEY;
  }

  @Override
  public boolean bodyOptional() {
    return true;
  }

  @Override
  public Future<JsonObject> handle(KeyCall call, JsonObject request) {
    int bytes = JsonBody.optionalInt(request, "bytes", 1, MAX_BYTES, DEFAULT_BYTES);
    return Futures.map(
        keys.dataKey(call.alias(), bytes, JsonBody.routingKey(request), JsonBody.context(request)),
        dataKey ->
            WrapHandler.toJson(dataKey.wrapped())
                .put("plaintext", Base64Text.standard(dataKey.plaintext())));
  }
}
