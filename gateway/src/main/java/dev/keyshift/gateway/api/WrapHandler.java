package dev.keyshift.gateway.api;

import dev.keyshift.gateway.async.Futures;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.keys.KeyService;
import dev.keyshift.gateway.keys.Results;
import dev.keyshift.routing.Operation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code POST /v1/keys/{alias}/wrap}: {@code {"plaintext", "routingKey"?, "context"?}}. */
public final class WrapHandler implements KeyOperationHandler {
  private final KeyService keys;

  public WrapHandler(KeyService keys) {
    this.keys = keys;
  }

  @Override
  public Operation operation() {
    return Operation.WRAP;
  }

  @Override
  public Future<JsonObject> handle(KeyCall call, JsonObject request) {
    byte[] plaintext = JsonBody.base64(request, "plaintext");
    return Futures.map(
        keys.wrap(call.alias(), plaintext, JsonBody.routingKey(request), JsonBody.context(request)),
        WrapHandler::toJson);
  }

  static JsonObject toJson(Results.Wrapped wrapped) {
    return new JsonObject()
        .put("ciphertext", wrapped.ciphertext())
        .put("keyVersion", wrapped.keyVersion());
  }
}
