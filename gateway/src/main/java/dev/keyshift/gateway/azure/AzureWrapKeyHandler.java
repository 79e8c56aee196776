package dev.keyshift.gateway.azure;

import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.keys.KeyService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
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

  void handle(RoutingContext ctx) {
    JsonObject body = JsonBody.object(ctx.body().buffer());
    JsonBody.requiredString(body, "alg");
    byte[] plaintext = JsonBody.base64(body, "value");
    String alias = ctx.pathParam("alias");
    keys.wrap(alias, plaintext, null)
        .map(
            wrapped ->
                AzureResponses.result(
                    ctx,
                    alias,
                    wrapped.keyVersion(),
                    wrapped.ciphertext().getBytes(StandardCharsets.UTF_8)))
        .onSuccess(json -> AzureResponses.ok(ctx, json))
        .onFailure(ctx::fail);
  }
}
