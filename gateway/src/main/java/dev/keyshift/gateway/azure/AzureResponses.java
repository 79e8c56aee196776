package dev.keyshift.gateway.azure;

import dev.keyshift.gateway.http.Json;
import dev.keyshift.routing.Base64Text;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/** Key Vault's key operation result: {@code {"kid", "value"}}. */
final class AzureResponses {
  private AzureResponses() {}

  /** {@code kid} names this gateway, the alias and the version that did the work. */
  static JsonObject result(String host, String alias, String version, byte[] value) {
    return new JsonObject()
        .put("kid", "https://" + host + "/keys/" + alias + "/" + version)
        .put("value", Base64Text.urlUnpadded(value));
  }

  static void ok(HttpServerRequest request, JsonObject json) {
    request
        .response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(Json.encode(json));
  }
}
