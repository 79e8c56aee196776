package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.auth.TokenAuthenticator;
import dev.keyshift.gateway.backend.providers.BackendProviders;
import dev.keyshift.gateway.config.ConfigLoader;
import dev.keyshift.gateway.config.GatewayConfig;
import dev.keyshift.metrics.PrometheusRegistries;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real gateway for tests: config and routing files in a folder, loaded by the real loader, bound
 * to free ports, driven over loopback by the JDK's HTTP client.
 */
final class TestGateway implements AutoCloseable {
  static final String ALL_TOKEN = "token-all-aliases";
  static final String ORDERS_TOKEN = "token-orders-only";
  static final String WRAP_ONLY_TOKEN = "token-orders-wrap-only";
  static final String ADMIN_TOKEN = "token-admin";

  /**
   * orders: legacy v1 (A256KWP, all weight), v2 (A256KW), v3 disabled; billing: RSA-OAEP-256; gcm
   * and kw: one version each; cutover: legacy v1 (no weight) and v2 (all weight), lazy rewrap.
   */
  static final String ROUTING =
      """
      aliases:
        orders:
          lazy-rewrap: true
          legacy: v1
          versions:
            - { id: v1, backend: local, key: orders-v1, algorithm: A256KWP, weight: 100 }
            - { id: v2, backend: local, key: orders-v2, algorithm: A256KW, weight: 0 }
            - { id: v3, backend: local, key: orders-v3, algorithm: A256GCM, weight: 0, state: disabled }
        billing:
          versions:
            - { id: v1, backend: local, key: billing-v1, algorithm: RSA-OAEP-256, weight: 1 }
        gcm:
          versions:
            - { id: v1, backend: local, key: gcm-v1, algorithm: A256GCM, weight: 1 }
        kw:
          versions:
            - { id: v1, backend: local, key: kw-v1, algorithm: A256KW, weight: 1 }
        cutover:
          lazy-rewrap: true
          legacy: v1
          versions:
            - { id: v1, backend: local, key: cutover-v1, algorithm: A256KWP, weight: 0 }
            - { id: v2, backend: local, key: cutover-v2, algorithm: A256GCM, weight: 1 }
      """;

  final Path dir;
  final Gateway gateway;
  private final HttpClient http;

  private TestGateway(Path dir, Gateway gateway) {
    this.dir = dir;
    this.gateway = gateway;
    this.http = client(gateway, dir);
  }

  /** Plain, or trusting the folder's ca.pem when the data plane is on TLS. */
  private static HttpClient client(Gateway gateway, Path dir) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (gateway.config().server().tls() != null) {
      try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(
            "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        TrustManagerFactory factory =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, factory.getTrustManagers(), null);
        builder.sslContext(ssl);
      } catch (Exception e) {
        throw new AssertionError("cannot trust the test CA", e);
      }
    }
    return builder.build();
  }

  /** A test client around a gateway the test started itself (on its own Vert.x, say). */
  static TestGateway around(Path dir, Gateway gateway) {
    return new TestGateway(dir, gateway);
  }

  /** Writes config (unless present) and routing into {@code dir}, then starts a gateway. */
  static TestGateway start(Vertx vertx, Path dir, String routing) throws IOException {
    prepare(dir, routing);
    return startWithoutWritingRouting(vertx, dir);
  }

  /**
   * Writes config (unless present) and routing into {@code dir}; returns the config, on free ports,
   * for tests that start the gateway themselves.
   */
  static GatewayConfig prepare(Path dir, String routing) throws IOException {
    Files.writeString(dir.resolve("routing.yaml"), routing);
    if (!Files.exists(dir.resolve("keyshift.yaml"))) {
      Files.writeString(dir.resolve("keystore.password"), "test-password\n");
      Files.writeString(dir.resolve("keyshift.yaml"), config());
    }
    return ConfigLoader.load(dir.resolve("keyshift.yaml"), BackendProviders.types())
        .withPortsForTesting(0, 0);
  }

  /** Starts on a folder whose keyshift.yaml, password and routing files are in place. */
  static TestGateway startWithoutWritingRouting(Vertx vertx, Path dir) {
    return startWithoutWritingRouting(vertx, dir, Clock.systemUTC());
  }

  /**
   * {@link #startWithoutWritingRouting(Vertx, Path)}, its holds and audit timed by {@code clock}.
   */
  static TestGateway startWithoutWritingRouting(Vertx vertx, Path dir, Clock clock) {
    GatewayConfig config =
        ConfigLoader.load(dir.resolve("keyshift.yaml"), BackendProviders.types())
            .withPortsForTesting(0, 0);
    return new TestGateway(
        dir,
        Gateway.start(vertx, config, PrometheusRegistries.create(), BackendProviders::open, clock)
            .await());
  }

  static String config() {
    return """
        server: { shutdown-grace: 5 }
        auth:
          tokens:
            - { name: all, sha256: "%s", aliases: ["*"] }
            - { name: orders-app, sha256: "%s", aliases: [orders], operations: [wrap, unwrap, rewrap, datakey] }
            - { name: orders-wrapper, sha256: "%s", aliases: [orders], operations: [wrap] }
            - { name: ops, sha256: "%s", admin: true }
        backends:
          local: { type: local, keystore: keys.p12, password-file: keystore.password, create-missing-keys: true }
        routing: { file: routing.yaml }
        """
        .formatted(
            TokenAuthenticator.sha256Hex(ALL_TOKEN),
            TokenAuthenticator.sha256Hex(ORDERS_TOKEN),
            TokenAuthenticator.sha256Hex(WRAP_ONLY_TOKEN),
            TokenAuthenticator.sha256Hex(ADMIN_TOKEN));
  }

  /** Stops this gateway and starts another on the same folder with a new routing file. */
  TestGateway restart(Vertx vertx, String routing) throws IOException {
    close();
    return start(vertx, dir, routing);
  }

  Response post(String path, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(data(path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return send(request.build());
  }

  Response get(URI uri) {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build());
  }

  /**
   * Any request; {@code headers} are name, value pairs.
   *
   * @param body null for none
   */
  Response request(String method, URI uri, String token, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return send(request.build());
  }

  URI data(String path) {
    String scheme = gateway.config().server().scheme();
    return URI.create(scheme + "://localhost:" + gateway.dataPort() + path);
  }

  URI admin(String path) {
    return URI.create("http://127.0.0.1:" + gateway.adminPort() + path);
  }

  /** Wraps through the API, asserting success. */
  JsonObject wrap(String alias, byte[] plaintext, String routingKey) {
    JsonObject body = new JsonObject().put("plaintext", b64(plaintext));
    if (routingKey != null) {
      body.put("routingKey", routingKey);
    }
    Response response = post("/v1/keys/" + alias + "/wrap", ALL_TOKEN, body.encode());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  /** Unwraps through the API, asserting success. */
  JsonObject unwrap(String alias, String ciphertext, String routingKey) {
    JsonObject body = new JsonObject().put("ciphertext", ciphertext);
    if (routingKey != null) {
      body.put("routingKey", routingKey);
    }
    Response response = post("/v1/keys/" + alias + "/unwrap", ALL_TOKEN, body.encode());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  /**
   * What an application wrapping directly with the keystore's key (before keyshift) would hold: raw
   * RFC 5649 output, no envelope.
   */
  byte[] rawKwpWrap(String keyName, byte[] plaintext) throws Exception {
    return GatewayFolder.rawKwpWrap(dir, keyName, plaintext);
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static byte[] unb64(String text) {
    return Base64.getDecoder().decode(text);
  }

  private Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    gateway.stop().await();
  }
}
