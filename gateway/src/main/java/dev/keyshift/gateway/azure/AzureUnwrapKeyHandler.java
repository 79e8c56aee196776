package dev.keyshift.gateway.azure;

import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.keys.KeyService;
import dev.keyshift.routing.Base64Text;
import dev.keyshift.routing.Envelope;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
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

  void handle(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx.body().buffer());
    JsonBody.requiredString(body, "alg");
    String alias = ctx.pathParam("alias");
    keys.unwrapOnly(alias, ciphertextText(JsonBody.base64(body, "value")))
        .map(
            unwrapped ->
                AzureResponses.result(ctx, alias, unwrapped.keyVersion(), unwrapped.plaintext()))
        .onSuccess(json -> AzureResponses.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  /** The envelope text, or (a raw legacy blob) its base64, as the key service reads ciphertext. */
  static String ciphertextText(byte[] value) {
    String text = new String(value, StandardCharsets.US_ASCII);
    return Envelope.looksLikeEnvelope(text) ? text : Base64Text.standard(value);
  }
}
