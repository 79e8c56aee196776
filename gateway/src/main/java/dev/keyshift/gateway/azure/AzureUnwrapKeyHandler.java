package dev.keyshift.gateway.azure;

import dev.keyshift.gateway.async.Futures;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.keys.KeyService;
import dev.keyshift.routing.Base64Text;
import dev.keyshift.routing.Envelope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /keys/{alias}/{version?}/unwrapkey} {@code {"alg", "value"}}: {@code value} is either
 * what {@code wrapkey} answered (an envelope's UTF-8 bytes) or a blob the old vault wrapped before
 * the migration, which the alias's legacy version unwraps. Answers {@code {"kid", "value"}}.
 */
final class AzureUnwrapKeyHandler {
  private final KeyService keys;

  AzureUnwrapKeyHandler(KeyService keys) {
    this.keys = keys;
  }

  /**
   * @param host the request's {@code Host}, which the answer's {@code kid} names
   */
  Future<JsonObject> handle(String host, String alias, JsonObject body) {
    JsonBody.requiredString(body, "alg");
    return Futures.map(
        keys.unwrapOnly(alias, ciphertextText(JsonBody.base64(body, "value"))),
        unwrapped ->
            AzureResponses.result(host, alias, unwrapped.keyVersion(), unwrapped.plaintext()));
  }

  /** The envelope text, or (a raw legacy blob) its base64, as the key service reads ciphertext. */
  static String ciphertextText(byte[] value) {
    String text = new String(value, StandardCharsets.US_ASCII);
    return Envelope.looksLikeEnvelope(text) ? text : Base64Text.standard(value);
  }
}
