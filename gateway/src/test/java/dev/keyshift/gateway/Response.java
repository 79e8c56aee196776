package dev.keyshift.gateway;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpHeaders;

/** An HTTP answer as a test sees it. */
record Response(int status, HttpHeaders headers, String body) {
  JsonObject json() {
    return new JsonObject(body);
  }

  String errorCode() {
    return json().getJsonObject("error").getString("code");
  }

  String errorMessage() {
    return json().getJsonObject("error").getString("message");
  }

  String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  @Override
  public String toString() {
    return status + " " + body;
  }
}
