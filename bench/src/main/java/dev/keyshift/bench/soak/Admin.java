package dev.keyshift.bench.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The admin API calls an operator makes during the soak: reading an alias and setting weights. */
final class Admin {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String authorization;

  Admin(int port, String token) {
    this.base = "http://127.0.0.1:" + port + "/admin/v1/aliases/";
    this.authorization = "Bearer " + token;
  }

  /**
   * Sets the alias's weights, read-then-write with If-Match as the console and CLI do. Answers the
   * status of the write.
   */
  int setWeights(String alias, String weightsJson) throws IOException, InterruptedException {
    HttpResponse<String> read =
        http.send(request(alias).GET().build(), HttpResponse.BodyHandlers.ofString());
    String etag = read.headers().firstValue("ETag").orElse("*");
    HttpRequest write =
        request(alias + "/weights")
            .header("If-Match", etag)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"weights\": " + weightsJson + "}"))
            .build();
    return http.send(write, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", authorization);
  }
}
