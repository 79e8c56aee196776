package dev.keyshift.gateway.azure;

import dev.keyshift.gateway.async.Futures;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.keys.KeyService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /keys/{alias}/{version?}/wrapkey} {@code {"alg", "value"}}: wraps by the alias's
 * routing (the requested algorithm and version are the application's old key's, not the routing's)
 * and answers {@code {"kid", "value"}}, value being the envelope text's UTF-8 bytes in base64url.
 */
final class AzureWrapKeyHandler {
  private final KeyService keys;

  AzureWrapKeyHandler(KeyService keys) {
    this.keys = keys;
  }

  /**
   * @param host the request's {@code Host}, which the answer's {@code kid} names
   */
  Future<JsonObject> handle(String host, String alias, JsonObject body) {
    JsonBody.requiredString(body, "alg");
    byte[] plaintext = JsonBody.base64(body, "value");
    return Futures.map(
        keys.wrap(alias, plaintext, null),
        wrapped ->
            AzureResponses.result(
                host,
                alias,
                wrapped.keyVersion(),
                wrapped.ciphertext().getBytes(StandardCharsets.UTF_8)));
  }
}
