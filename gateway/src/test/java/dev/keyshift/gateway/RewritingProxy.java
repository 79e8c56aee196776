package dev.keyshift.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The application writing while the bulk job runs, at the moment that matters: a loopback proxy in
 * front of the gateway that, for every tenth v1 blob in a rewrap batch the job sends, rewrites that
 * row in the table (a fresh data key, wrapped by the gateway) before passing the batch on. Each
 * such row was read by the job before the application's write and is written back after it, so each
 * is exactly one conflict the job must leave alone.
 */
final class RewritingProxy implements AutoCloseable {
  private final HttpServer server;
  private final GatewayCalls gateway;
  private final Connection db;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final SecureRandom random = new SecureRandom();
  private final Map<Long, String> written = new ConcurrentHashMap<>();
  private final Map<Long, byte[]> plaintexts = new ConcurrentHashMap<>();

  private RewritingProxy(HttpServer server, GatewayCalls gateway, Connection db) {
    this.server = server;
    this.gateway = gateway;
    this.db = db;
  }

  static RewritingProxy start(GatewayCalls gateway, PostgresServer postgres) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    RewritingProxy proxy = new RewritingProxy(server, gateway, postgres.connect());
    server.createContext("/", proxy::handle);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    return proxy;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Per row id, the blob the application wrote. */
  Map<Long, String> written() {
    return Map.copyOf(written);
  }

  byte[] plaintextOf(long id) {
    return plaintexts.get(id);
  }

  @Override
  public void close() throws Exception {
    server.stop(0);
    db.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (exchange.getRequestURI().getPath().endsWith("/rewrap/batch")) {
        rewriteSome(new JsonObject(new String(body, StandardCharsets.UTF_8)).getJsonArray("items"));
      }
      HttpResponse<byte[]> answer = forward(exchange, body);
      answer
          .headers()
          .firstValue("Retry-After")
          .ifPresent(v -> exchange.getResponseHeaders().add("Retry-After", v));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(
          answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body());
      }
    } catch (Exception e) {
      exchange.sendResponseHeaders(502, -1);
    }
  }

  private void rewriteSome(JsonArray items) throws Exception {
    int v1 = 0;
    for (int i = 0; i < items.size(); i++) {
      String blob = items.getJsonObject(i).getString("ciphertext");
      if (blob != null && blob.startsWith("ks1:orders:v1:") && v1++ % 10 == 0) {
        rewrite(blob);
      }
    }
  }

  private synchronized void rewrite(String old) throws Exception {
    byte[] plaintext = new byte[32];
    random.nextBytes(plaintext);
    String blob = gateway.wrap(plaintext);
    try (PreparedStatement update =
        db.prepareStatement("UPDATE secrets SET dek = ? WHERE dek = ? RETURNING id")) {
      update.setString(1, blob);
      update.setString(2, old);
      try (ResultSet rows = update.executeQuery()) {
        while (rows.next()) {
          written.put(rows.getLong(1), blob);
          plaintexts.put(rows.getLong(1), plaintext);
        }
      }
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(gateway.dataUrl() + exchange.getRequestURI()))
            .timeout(Duration.ofSeconds(60))
            .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
    for (String header : new String[] {"Authorization", "Content-Type", "Keyshift-Rewrap-Mode"}) {
      String value = exchange.getRequestHeaders().getFirst(header);
      if (value != null) {
        request.header(header, value);
      }
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
