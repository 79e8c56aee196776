package dev.keyshift.gateway.api;

import dev.keyshift.gateway.async.Futures;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.keys.KeyService;
import dev.keyshift.routing.Operation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code POST /v1/keys/{alias}/rewrap}: {@code {"ciphertext", "routingKey"?, "context"?}}; no
 * plaintext out.
 */
public final class RewrapHandler implements KeyOperationHandler {
  private final KeyService keys;

  public RewrapHandler(KeyService keys) {
    this.keys = keys;
  }

  @Override
  public Operation operation() {
    return Operation.REWRAP;
  }

  @Override
  public Future<JsonObject> handle(KeyCall call, JsonObject request) {
    String ciphertext = JsonBody.requiredString(request, "ciphertext");
    return Futures.map(
        keys.rewrap(
            call.alias(),
            ciphertext,
            JsonBody.routingKey(request),
            call.rewrapMode(),
            JsonBody.context(request)),
        rewrapped ->
            new JsonObject()
                .put("ciphertext", rewrapped.ciphertext())
                .put("keyVersion", rewrapped.keyVersion())
                .put("rewrapped", rewrapped.rewrapped()));
  }
}
