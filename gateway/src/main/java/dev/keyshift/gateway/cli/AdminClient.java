package dev.keyshift.gateway.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** A blocking client of the admin API for the CLI; failures carry the server's own message. */
final class AdminClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String url;
  private final String token;

  AdminClient(String url, String token) {
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.token = token;
  }

  JsonObject get(String path) {
    return send("GET", path, null, null);
  }

  JsonObject put(String path, JsonObject body, String ifMatch) {
    return send("PUT", path, body, ifMatch);
  }

  JsonObject post(String path, JsonObject body) {
    return send("POST", path, body, null);
  }

  JsonObject delete(String path) {
    return send("DELETE", path, null, null);
  }

  private JsonObject send(String method, String path, JsonObject body, String ifMatch) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (ifMatch != null) {
      request.header("If-Match", "\"" + ifMatch + "\"");
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new CliFailure(
          "cannot reach "
              + url
              + ": connection refused (is the gateway running, and is this its admin listener?)");
    } catch (HttpTimeoutException e) {
      throw new CliFailure("cannot reach " + url + ": no answer in time");
    } catch (IOException e) {
      throw new CliFailure(
          "cannot reach "
              + url
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted");
    }
    return answer(response);
  }

  private URI uri(String path) {
    try {
      return URI.create(url + path);
    } catch (IllegalArgumentException e) {
      throw new CliFailure("not a valid admin URL: " + url);
    }
  }

  private static JsonObject answer(HttpResponse<String> response) {
    JsonObject json;
    try {
      json = new JsonObject(response.body());
    } catch (DecodeException e) {
      throw new CliFailure("HTTP " + response.statusCode() + " and a body that is not JSON");
    }
    if (response.statusCode() >= 300) {
      JsonObject error = json.getJsonObject("error", new JsonObject());
      throw new CliFailure(
          error.getString("code", "HTTP " + response.statusCode())
              + ": "
              + error.getString("message", ""));
    }
    return json;
  }
}
