package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.keyshift.routing.Envelope;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rewrap job against a gateway stand-in that fails on purpose, speaking the data plane's {@code
 * rewrap/batch} protocol: 5xx and per-item backend errors are retried, a 429 is waited out, and
 * rows that never get through are reported failed, never skipped.
 */
class RewrapJobFaultsTest {
  static final int ROWS = 30;

  /** A stand-in whose n-th non-empty batch (from 1) is answered by {@code answer}. */
  static final class StandIn implements AutoCloseable {
    final HttpServer server;
    final AtomicInteger batches = new AtomicInteger();

    StandIn(IntFunction<Fault> answer) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      server.createContext("/v1/keys/orders/rewrap/batch", exchange -> handle(exchange, answer));
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange, IntFunction<Fault> answer) throws IOException {
      JsonArray items =
          new JsonObject(
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
              .getJsonArray("items");
      Fault fault = items.isEmpty() ? Fault.NONE : answer.apply(batches.incrementAndGet());
      if (fault == Fault.UNAVAILABLE) {
        send(exchange, 503, error("BACKEND_UNAVAILABLE", "circuit open"), "1");
      } else if (fault == Fault.THROTTLED) {
        send(exchange, 429, error("THROTTLED", "slow down"), "1");
      } else {
        JsonArray results = new JsonArray();
        for (int i = 0; i < items.size(); i++) {
          results.add(
              fault == Fault.FIRST_ITEM_UNAVAILABLE && i == 0
                  ? error("BACKEND_UNAVAILABLE", "circuit open")
                  : new JsonObject()
                      .put("ciphertext", new Envelope("orders", "v2", new byte[24]).format())
                      .put("keyVersion", "v2")
                      .put("rewrapped", true));
        }
        send(exchange, 200, new JsonObject().put("results", results), null);
      }
    }

    private static JsonObject error(String code, String message) {
      return new JsonObject()
          .put("error", new JsonObject().put("code", code).put("message", message));
    }

    private static void send(HttpExchange exchange, int status, JsonObject body, String retryAfter)
        throws IOException {
      byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
      if (retryAfter != null) {
        exchange.getResponseHeaders().add("Retry-After", retryAfter);
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  enum Fault {
    NONE,
    UNAVAILABLE,
    THROTTLED,
    FIRST_ITEM_UNAVAILABLE
  }

  @Test
  void serverErrorsAndItemErrors_areRetried_andEveryRowMoves(@TempDir Path dir) throws Exception {
    try (StandIn gateway =
        new StandIn(
            n -> n <= 2 ? Fault.UNAVAILABLE : n == 3 ? Fault.FIRST_ITEM_UNAVAILABLE : Fault.NONE)) {
      JsonObject summary = run(dir, gateway, 0);
      assertThat(summary.getLong("rewrapped")).isEqualTo(ROWS);
      assertThat(summary.getLong("failed")).isZero();
      assertThat(gateway.batches.get())
          .as("two 503s, then the batch, then its one failed item")
          .isEqualTo(4);
    }
  }

  @Test
  void a429_isWaitedOut_andCounted(@TempDir Path dir) throws Exception {
    try (StandIn gateway = new StandIn(n -> n == 1 ? Fault.THROTTLED : Fault.NONE)) {
      JsonObject summary = run(dir, gateway, 0);
      assertThat(summary.getLong("rewrapped")).isEqualTo(ROWS);
      assertThat(summary.getLong("throttledResponses")).isEqualTo(1);
    }
  }

  @Test
  void aGatewayThatNeverRecovers_leavesEveryRowReportedFailed(@TempDir Path dir) throws Exception {
    try (StandIn gateway = new StandIn(n -> Fault.UNAVAILABLE)) {
      JsonObject summary = run(dir, gateway, 3);
      assertThat(summary.getLong("failed")).isEqualTo(ROWS);
      assertThat(summary.getLong("scanned")).isEqualTo(ROWS);
      List<String> out = Files.readAllLines(dir.resolve("out.jsonl"));
      assertThat(out)
          .hasSize(ROWS)
          .allSatisfy(
              line -> assertThat(new JsonObject(line).getString("error")).contains("HTTP 503"));
    }
  }

  private static JsonObject run(Path dir, StandIn gateway, int exitCode) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < ROWS; i++) {
      byte[] payload = new byte[24];
      payload[0] = (byte) i;
      lines
          .append(
              new JsonObject()
                  .put("ref", i)
                  .put("ciphertext", new Envelope("orders", "v1", payload).format())
                  .encode())
          .append('\n');
    }
    Files.writeString(dir.resolve("in.jsonl"), lines);
    Files.writeString(dir.resolve("token"), "token");
    CliRun run =
        CliRun.of(
            "rewrap",
            "orders",
            "--source",
            "jsonl:" + dir.resolve("in.jsonl"),
            "--out",
            dir.resolve("out.jsonl").toString(),
            "--token-file",
            dir.resolve("token").toString(),
            "--gateway",
            gateway.url(),
            "--batch",
            "" + ROWS,
            "--parallel",
            "1",
            "--json");
    assertThat(run.code()).as(run.err()).isEqualTo(exitCode);
    return new JsonObject(run.out());
  }
}
