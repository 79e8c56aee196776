package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ALL_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Azure backends against stand-in vaults: round trips, and every vault failure mapped. */
@ExtendWith(VertxExtension.class)
class AzureBackendTest {
  static final String ROUTING =
      """
      aliases:
        kv:
          versions:
            - { id: v1, backend: old-kv, key: "orders-kek/1", algorithm: RSA-OAEP-256, weight: 1 }
        kv-sha1:
          versions:
            - { id: v1, backend: old-kv, key: "orders-kek/1", algorithm: RSA-OAEP, weight: 1 }
        hsm:
          versions:
            - { id: v1, backend: new-hsm, key: "hsm-kek/1", algorithm: A256KW, weight: 1 }
        hsm-pad:
          versions:
            - { id: v1, backend: new-hsm, key: "hsm-kek/1", algorithm: A256KWP, weight: 1 }
        missing:
          versions:
            - { id: v7, backend: old-kv, key: "no-such-key/1", algorithm: RSA-OAEP-256, weight: 1 }
      """;

  AzureGatewayFixture fx;

  /** The Azure SDK's transport under test: the default's, Vert.x. */
  protected String httpClient() {
    return "vertx";
  }

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) throws Exception {
    String transport = ", http-client: " + httpClient();
    fx = AzureGatewayFixture.start(vertx, dir, ROUTING, transport, transport);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void everyAlgorithm_roundTripsThroughTheVaults() {
    for (String alias : new String[] {"kv", "kv-sha1", "hsm", "hsm-pad"}) {
      byte[] dek = new byte[32];
      dek[3] = 7;
      String ciphertext = fx.gw.wrap(alias, dek, null).getString("ciphertext");
      assertThat(TestGateway.unb64(fx.gw.unwrap(alias, ciphertext, null).getString("plaintext")))
          .as(alias)
          .isEqualTo(dek);
    }
    assertThat(fx.keyVault.requests())
        .contains("POST /keys/orders-kek/1/wrapkey", "POST /keys/orders-kek/1/unwrapkey")
        .doesNotContain("GET /keys/orders-kek/1");
    assertThat(fx.managedHsm.requests()).contains("POST /keys/hsm-kek/1/wrapkey");
  }

  @Test
  void tamperedBlob_isInvalidCiphertext() {
    String ciphertext = fx.gw.wrap("kv", new byte[32], null).getString("ciphertext");
    String tampered =
        ciphertext.substring(0, 20)
            + (ciphertext.charAt(20) == 'A' ? 'B' : 'A')
            + ciphertext.substring(21);
    assertThat(unwrap("kv", tampered).errorCode()).isEqualTo("INVALID_CIPHERTEXT");
  }

  @Test
  void vaultRefusingCredentials_isBackendError() {
    for (int status : new int[] {401, 403}) {
      fx.keyVault.failNext(status, 10);
      Response response = wrap("kv");
      assertThat(response.status()).as("vault %d", status).isEqualTo(502);
      assertThat(response.errorCode()).isEqualTo("BACKEND_ERROR");
      assertThat(response.errorMessage())
          .isEqualTo("backend old-kv refused the gateway's credentials");
      fx.keyVault.failNext(0, 0);
    }
  }

  @Test
  void keyNotFound_isBackendErrorNamingTheVersion() {
    Response response = wrap("missing");
    assertThat(response.status()).isEqualTo(502);
    assertThat(response.errorMessage()).isEqualTo("backend old-kv has no key for version v7");
  }

  @Test
  void throttling_isRetried_thenPassedOnWithRetryAfter() {
    fx.keyVault.failNext(429, 1);
    assertThat(wrap("kv").status()).as("one 429 is retried away").isEqualTo(200);
    fx.keyVault.failNext(429, 100);
    Response response = wrap("kv");
    assertThat(response.status()).isEqualTo(429);
    assertThat(response.errorCode()).isEqualTo("THROTTLED");
    assertThat(response.header("Retry-After")).isEqualTo("1");
    fx.keyVault.failNext(0, 0);
  }

  @Test
  void vaultThatNeverAnswers_isBackendTimeout() {
    fx.keyVault.hang(true);
    Response response = wrap("kv");
    assertThat(response.status()).isEqualTo(504);
    assertThat(response.errorCode()).isEqualTo("BACKEND_TIMEOUT");
    fx.keyVault.hang(false);
    assertThat(wrap("kv").status()).as("recovers").isEqualTo(200);
  }

  @Test
  void backendMetrics_countVaultOutcomes() {
    wrap("kv");
    fx.keyVault.failNext(403, 10);
    wrap("kv");
    fx.keyVault.failNext(0, 0);
    String scrape = fx.gw.get(fx.gw.admin("/metrics")).body();
    assertThat(scrape)
        .contains(
            "keyshift_backend_requests_total{backend=\"old-kv\",operation=\"wrap\",outcome=\"success\"} 1.0")
        .contains(
            "keyshift_backend_requests_total{backend=\"old-kv\",operation=\"wrap\",outcome=\"backend_error\"} 1.0");
  }

  private Response wrap(String alias) {
    return fx.gw.post(
        "/v1/keys/" + alias + "/wrap",
        ALL_TOKEN,
        "{\"plaintext\": \"" + TestGateway.b64(new byte[32]) + "\"}");
  }

  private Response unwrap(String alias, String ciphertext) {
    return fx.gw.post(
        "/v1/keys/" + alias + "/unwrap",
        ALL_TOKEN,
        new JsonObject().put("ciphertext", ciphertext).encode());
  }
}
