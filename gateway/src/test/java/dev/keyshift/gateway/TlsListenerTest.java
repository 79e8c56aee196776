package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The data plane over TLS, and with client certificates required. */
@ExtendWith(VertxExtension.class)
class TlsListenerTest {

  @Test
  void tlsListener_servesTheNativeApi(Vertx vertx, @TempDir Path dir) throws Exception {
    TestPki pki = TestPki.create(dir);
    writeConfig(dir, "server: { tls: { cert: server.pem, key: server-key.pem } }");
    try (TestGateway gw = TestGateway.start(vertx, dir, TestGateway.ROUTING)) {
      HttpResponse<String> response = wrap(gw, pki.sslContext(false), "https");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(response.body()).getString("ciphertext"))
          .startsWith("ks1:orders:v1:");
      assertThatThrownBy(() -> wrap(gw, pki.sslContext(false), "http"))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void pkcs12KeyStore_servesTls(Vertx vertx, @TempDir Path dir) throws Exception {
    TestPki pki = TestPki.create(dir);
    writeConfig(dir, "server: { tls: { pkcs12: server.p12, password-file: server.p12.password } }");
    try (TestGateway gw = TestGateway.start(vertx, dir, TestGateway.ROUTING)) {
      assertThat(wrap(gw, pki.sslContext(false), "https").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void requiredClientCertificate_isEnforced(Vertx vertx, @TempDir Path dir) throws Exception {
    TestPki pki = TestPki.create(dir);
    writeConfig(
        dir, "server: { tls: { cert: server.pem, key: server-key.pem, client-ca: ca.pem } }");
    try (TestGateway gw = TestGateway.start(vertx, dir, TestGateway.ROUTING)) {
      assertThat(wrap(gw, pki.sslContext(true), "https").statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> wrap(gw, pki.sslContext(false), "https"))
          .isInstanceOf(IOException.class);
    }
  }

  private static void writeConfig(Path dir, String server) throws IOException {
    Files.writeString(dir.resolve("keystore.password"), "test-password\n");
    Files.writeString(
        dir.resolve("keyshift.yaml"),
        TestGateway.config().replace("server: { shutdown-grace: 5 }", server));
  }

  private static HttpResponse<String> wrap(TestGateway gw, SSLContext ssl, String scheme)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    scheme + "://localhost:" + gw.gateway.dataPort() + "/v1/keys/orders/wrap"))
            .header("Authorization", "Bearer " + TestGateway.ALL_TOKEN)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"plaintext\": \"" + TestGateway.b64(new byte[32]) + "\"}"))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
