package dev.keyshift.gateway.api;

import dev.keyshift.gateway.async.Futures;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.keys.KeyService;
import dev.keyshift.gateway.keys.Results;
import dev.keyshift.routing.Base64Text;
import dev.keyshift.routing.Operation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code POST /v1/keys/{alias}/unwrap}: {@code {"ciphertext", "routingKey"?, "context"?}}. When
 * lazy rewrap moved the blob, the answer also carries {@code rewrappedKeyVersion} and the new blob
 * in {@code rewrappedCiphertext}, for the application to store in place of the old one.
 */
public final class UnwrapHandler implements KeyOperationHandler {
  private final KeyService keys;

  public UnwrapHandler(KeyService keys) {
    this.keys = keys;
  }

  @Override
  public Operation operation() {
    return Operation.UNWRAP;
  }

  @Override
  public Future<JsonObject> handle(KeyCall call, JsonObject request) {
    String ciphertext = JsonBody.requiredString(request, "ciphertext");
    return Futures.map(
        keys.unwrap(
            call.alias(), ciphertext, JsonBody.routingKey(request), JsonBody.context(request)),
        UnwrapHandler::toJson);
  }

  private static JsonObject toJson(Results.Unwrapped unwrapped) {
    JsonObject json =
        new JsonObject()
            .put("plaintext", Base64Text.standard(unwrapped.plaintext()))
            .put("keyVersion", unwrapped.keyVersion())
            .put("rewrapped", unwrapped.rewrapped() != null);
    if (unwrapped.rewrapped() != null) {
      json.put("rewrappedKeyVersion", unwrapped.rewrapped().keyVersion())
          .put("rewrappedCiphertext", unwrapped.rewrapped().ciphertext());
    }
    return json;
  }
}
