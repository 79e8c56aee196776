package dev.keyshift.gateway.cli.rewrap;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The data plane's {@code rewrap/batch}, called as the bulk job ({@code Keyshift-Rewrap-Mode:
 * bulk}). A 429 waits its {@code Retry-After} and slows the {@link Pacer}; a 5xx or a network error
 * is retried with backoff, and after the last attempt the batch's rows are reported failed. A
 * refusal no retry can mend (a token not allowed, an unknown alias) ends the job.
 */
final class RewrapClient {
  static final Duration[] BACKOFF = {
    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)
  };

  /** How many 429s in a row one batch waits out before its rows are reported failed. */
  static final int MAX_THROTTLED = 30;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final URI batch;
  private final String token;
  private final Pacer pacer;
  private final AtomicLong throttled = new AtomicLong();

  /** The batch's answer per item, in order, or why there is none. */
  record Answer(List<JsonObject> results, String failure) {}

  RewrapClient(String gateway, String alias, String token, Pacer pacer) {
    String base = gateway.endsWith("/") ? gateway.substring(0, gateway.length() - 1) : gateway;
    try {
      this.batch = URI.create(base + "/v1/keys/" + alias + "/rewrap/batch");
    } catch (IllegalArgumentException e) {
      throw new JobFailure("not a valid gateway URL: " + gateway);
    }
    this.token = token;
    this.pacer = pacer;
  }

  /** An empty batch: proves the gateway answers, the token is allowed and the alias exists. */
  void check() {
    try {
      Answer answer = send(new JsonArray(), 1);
      if (answer.failure() != null) {
        throw new JobFailure(
            "the gateway at " + batch.getAuthority() + " failed: " + answer.failure());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new JobFailure("interrupted");
    }
  }

  Answer rewrap(JsonArray items) throws InterruptedException {
    pacer.acquire(items.size());
    return send(items, BACKOFF.length + 1);
  }

  private Answer send(JsonArray items, int attempts) throws InterruptedException {
    String body = new JsonObject().put("items", items).encode();
    String failure = null;
    int throttledInARow = 0;
    for (int attempt = 1; attempt <= attempts; ) {
      HttpResponse<String> response;
      try {
        response = http.send(request(body), HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException e) {
        failure = "cannot reach " + batch.getAuthority() + ": connection refused";
        backoff(attempt++, attempts);
        continue;
      } catch (IOException e) {
        failure = "cannot reach " + batch.getAuthority() + ": " + e.getClass().getSimpleName();
        backoff(attempt++, attempts);
        continue;
      }
      int status = response.statusCode();
      if (status == 200) {
        return new Answer(results(response.body(), items.size()), null);
      }
      if (status == 429) {
        this.throttled.incrementAndGet();
      }
      if (status == 429 && ++throttledInARow <= MAX_THROTTLED) {
        pacer.throttled(retryAfter(response));
        pacer.acquire(items.size());
        continue;
      }
      failure = "HTTP " + status + " " + error(response.body());
      if (status == 401 || status == 403 || status == 404 || (status >= 400 && status < 429)) {
        throw new JobFailure("the gateway refused the job: " + failure);
      }
      backoff(attempt++, attempts);
    }
    return new Answer(null, failure);
  }

  /** How many 429s the gateway answered so far. */
  long throttled() {
    return throttled.get();
  }

  private HttpRequest request(String body) {
    return HttpRequest.newBuilder(batch)
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("Keyshift-Rewrap-Mode", "bulk")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static void backoff(int attempt, int attempts) throws InterruptedException {
    if (attempt < attempts) {
      Thread.sleep(BACKOFF[Math.min(attempt - 1, BACKOFF.length - 1)].toMillis());
    }
  }

  private static List<JsonObject> results(String body, int expected) {
    try {
      JsonArray results = new JsonObject(body).getJsonArray("results");
      if (results != null && results.size() == expected) {
        return results.stream().map(JsonObject.class::cast).toList();
      }
    } catch (DecodeException | ClassCastException e) {
      // answered below
    }
    throw new JobFailure("the gateway's batch answer is not one result per item");
  }

  private static String error(String body) {
    try {
      JsonObject error = new JsonObject(body).getJsonObject("error");
      return error.getString("code") + ": " + error.getString("message");
    } catch (RuntimeException e) {
      return "(no JSON error)";
    }
  }

  private static int retryAfter(HttpResponse<String> response) {
    try {
      return Integer.parseInt(response.headers().firstValue("Retry-After").orElse("1").strip());
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
