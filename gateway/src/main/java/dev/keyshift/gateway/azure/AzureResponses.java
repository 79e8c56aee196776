package dev.keyshift.gateway.azure;

import dev.keyshift.gateway.http.Json;
import dev.keyshift.routing.Base64Text;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Key Vault's key operation result: {@code {"kid", "value"}}. */
final class AzureResponses {
  private AzureResponses() {}

  /** {@code kid} names this gateway, the alias and the version that did the work. */
  static JsonObject result(RoutingContext ctx, String alias, String version, byte[] value) {
    String host = ctx.request().getHeader(HttpHeaders.HOST);
    return new JsonObject()
        .put("kid", "https://" + host + "/keys/" + alias + "/" + version)
        .put("value", Base64Text.urlUnpadded(value));
  }

  static void ok(RoutingContext ctx, JsonObject json) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(Json.encode(json));
  }
}
