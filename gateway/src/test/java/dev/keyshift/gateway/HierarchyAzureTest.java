package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hierarchical versions whose KEK is in Key Vault or Managed HSM (stand-ins speaking their REST
 * protocol, the real Azure SDK in the gateway): one vault call per start instead of one per
 * request, the KEK's vault down at start, and the whole migration from a plain Key Vault version to
 * a master key moved into Managed HSM, after which Key Vault can go.
 */
@ExtendWith(VertxExtension.class)
class HierarchyAzureTest {
  static final String ROUTING =
      """
      aliases:
        orders:
          lazy-rewrap: true
          legacy: v1
          versions:
            - { id: v1, backend: old-kv, key: "orders-kek/1", algorithm: RSA-OAEP-256, weight: 100 }
        tenants:
          versions:
            - { id: v1, backend: old-kv, key: "orders-kek/1", algorithm: RSA-OAEP-256, weight: 1, hierarchy: true }
        plain:
          versions:
            - { id: v1, backend: local, key: plain-v1, algorithm: A256GCM, weight: 1 }
      """;

  final SecureRandom random = new SecureRandom();

  @Test
  void aThousandWrapsAndUnwraps_costOneKeyVaultCallPerGatewayStart(Vertx vertx, @TempDir Path dir)
      throws Exception {
    AzureGatewayFixture fx = AzureGatewayFixture.start(vertx, dir, ROUTING);
    TestGateway gw = fx.gw;
    try {
      // The first start generated the master key: a wrap, the check that it unwraps, the load.
      assertThat(vaultCalls(fx.keyVault)).as(fx.keyVault.served().toString()).isEqualTo(3);
      List<byte[]> deks = deks(1000);
      List<String> blobs = wrapBatch(gw, "tenants", deks);
      assertThat(unwrapBatch(gw, "tenants", blobs)).containsExactlyElementsOf(deks);
      // An application on the Azure SDK, through the gateway's Key Vault surface, unchanged.
      CryptographyClient app =
          fx.client(fx.gatewayUrl(), "/keys/tenants/current", TestGateway.ALL_TOKEN);
      byte[] sdkBlob = app.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, deks.get(0)).getEncryptedKey();
      assertThat(app.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, sdkBlob).getKey())
          .isEqualTo(deks.get(0));
      assertThat(vaultCalls(fx.keyVault)).as("no vault call per request").isEqualTo(3);

      gw.close();
      gw = TestGateway.startWithoutWritingRouting(vertx, dir);
      assertThat(vaultCalls(fx.keyVault)).as("one unwrap at start").isEqualTo(4);
      assertThat(unwrapBatch(gw, "tenants", blobs)).containsExactlyElementsOf(deks);
      List<String> more = wrapBatch(gw, "tenants", deks);
      assertThat(unwrapBatch(gw, "tenants", more)).containsExactlyElementsOf(deks);
      assertThat(vaultCalls(fx.keyVault)).isEqualTo(4);
    } finally {
      gw.close();
      fx.keyVault.close();
      fx.managedHsm.close();
    }
  }

  @Test
  void theKeksVaultDownAtStart_takesOnlyItsVersionOut_untilABackgroundRetryLoadsIt(
      Vertx vertx, @TempDir Path dir) throws Exception {
    AzureGatewayFixture fx = AzureGatewayFixture.start(vertx, dir, ROUTING);
    fx.gw.close();
    fx.keyVault.reset(true);
    TestGateway gw = TestGateway.startWithoutWritingRouting(vertx, dir);
    try {
      Response refused = wrap(gw, "tenants", deks(1).get(0));
      assertThat(refused.status()).as(refused.body()).isEqualTo(503);
      assertThat(refused.errorCode()).isEqualTo("BACKEND_UNAVAILABLE");
      assertThat(refused.header("Retry-After")).isNotNull();
      assertThat(refused.errorMessage()).doesNotContainIgnoringCase("AAAA");
      assertThat(wrap(gw, "plain", deks(1).get(0)).status()).isEqualTo(200);
      JsonObject ready = gw.get(gw.admin("/health/ready")).json();
      assertThat(ready.getJsonObject("masterKeys").getString("tenants/v1")).contains("old-kv");
      assertThat(gw.get(gw.admin("/metrics")).body())
          .contains("keyshift_master_keys_loaded{alias=\"tenants\",version=\"v1\"} 0.0");

      fx.keyVault.reset(false);
      TestGateway serving = gw;
      Awaitility.await("the master key loads by itself")
          .atMost(90, TimeUnit.SECONDS)
          .pollInterval(200, TimeUnit.MILLISECONDS)
          .until(() -> wrap(serving, "tenants", deks(1).get(0)).status() == 200);
      assertThat(gw.get(gw.admin("/health/ready")).json().getJsonObject("masterKeys")).isEmpty();
    } finally {
      gw.close();
      fx.keyVault.close();
      fx.managedHsm.close();
    }
  }

  @Test
  void fromAPlainKeyVaultVersion_toAMasterKeyMovedIntoManagedHsm_thenKeyVaultGoes(
      Vertx vertx, @TempDir Path dir) throws Exception {
    AzureGatewayFixture fx = AzureGatewayFixture.start(vertx, dir, ROUTING);
    TestGateway gw = fx.gw;
    try {
      // Before keyshift, raw RSA-OAEP-256 blobs from Key Vault; then v1 envelopes via keyshift.
      CryptographyClient direct =
          fx.client(fx.keyVault.url(), "/keys/orders-kek/1", AzureGatewayFixture.VAULT_TOKEN);
      List<byte[]> deks = deks(40);
      List<String> blobs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        blobs.add(
            TestGateway.b64(
                direct.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, deks.get(i)).getEncryptedKey()));
      }
      blobs.addAll(wrapBatch(gw, "orders", deks.subList(20, 40)));

      // v2: hierarchical, its master key wrapped by the same Key Vault key; all new wraps on it.
      admin(
          gw,
          "POST",
          "/admin/v1/aliases/orders/versions",
          201,
          new JsonObject()
              .put("id", "v2")
              .put("backend", "old-kv")
              .put("key", "orders-kek/1")
              .put("algorithm", "RSA-OAEP-256")
              .put("hierarchy", true));
      admin(
          gw,
          "PUT",
          "/admin/v1/aliases/orders/weights",
          200,
          new JsonObject().put("weights", new JsonObject().put("v1", 0).put("v2", 100)));

      // Lazy rewrap moves the blobs the application reads; the bulk job's calls move the rest.
      for (int i = 0; i < 10; i++) {
        JsonObject read = gw.unwrap("orders", blobs.get(i), null);
        assertThat(TestGateway.unb64(read.getString("plaintext"))).isEqualTo(deks.get(i));
        assertThat(read.getString("rewrappedKeyVersion")).isEqualTo("v2");
        blobs.set(i, read.getString("rewrappedCiphertext"));
      }
      JsonArray items = new JsonArray();
      blobs.subList(10, 40).forEach(blob -> items.add(new JsonObject().put("ciphertext", blob)));
      Response bulk =
          gw.request(
              "POST",
              gw.data("/v1/keys/orders/rewrap/batch"),
              TestGateway.ALL_TOKEN,
              new JsonObject().put("items", items).encode(),
              "Content-Type",
              "application/json",
              "Keyshift-Rewrap-Mode",
              "bulk");
      assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
      JsonArray results = bulk.json().getJsonArray("results");
      for (int i = 0; i < 30; i++) {
        assertThat(results.getJsonObject(i).getBoolean("rewrapped")).isTrue();
        blobs.set(10 + i, results.getJsonObject(i).getString("ciphertext"));
      }
      assertThat(blobs).allMatch(blob -> blob.startsWith("ks1:orders:v2:"));
      List<String> stored = List.copyOf(blobs);

      // A new KEK whose vault fails changes nothing.
      String routing = Files.readString(dir.resolve("routing.yaml"));
      fx.managedHsm.failNext(500, 50);
      Response failed =
          gw.request(
              "PUT",
              gw.admin("/admin/v1/aliases/orders/versions/v2/kek"),
              TestGateway.ADMIN_TOKEN,
              new JsonObject()
                  .put("backend", "new-hsm")
                  .put("key", "hsm-kek/1")
                  .put("algorithm", "A256KW")
                  .encode());
      assertThat(failed.status()).as(failed.body()).isGreaterThanOrEqualTo(500);
      assertThat(Files.readString(dir.resolve("routing.yaml"))).isEqualTo(routing);
      fx.managedHsm.failNext(500, 0);

      // The KEK moves to Managed HSM in one call; then Key Vault is shut down.
      JsonObject moved =
          admin(
              gw,
              "PUT",
              "/admin/v1/aliases/orders/versions/v2/kek",
              200,
              new JsonObject()
                  .put("backend", "new-hsm")
                  .put("key", "hsm-kek/1")
                  .put("algorithm", "A256KW"));
      assertThat(moved.getJsonArray("versions").getJsonObject(1).getString("backend"))
          .isEqualTo("new-hsm");
      gw.close();
      fx.keyVault.close();
      int hsmCallsBefore = vaultCalls(fx.managedHsm);

      gw = TestGateway.startWithoutWritingRouting(vertx, dir);
      assertThat(unwrapBatch(gw, "orders", stored)).containsExactlyElementsOf(deks);
      assertThat(vaultCalls(fx.managedHsm) - hsmCallsBefore)
          .as("the master key, unwrapped once by Managed HSM")
          .isEqualTo(1);
      for (String blob : stored) {
        assertThat(gw.unwrap("orders", blob, null).getBoolean("rewrapped"))
            .as("nothing left to move")
            .isFalse();
      }
    } finally {
      gw.close();
      fx.keyVault.close();
      fx.managedHsm.close();
    }
  }

  private static JsonObject admin(
      TestGateway gw, String method, String path, int status, JsonObject body) {
    Response response = gw.request(method, gw.admin(path), TestGateway.ADMIN_TOKEN, body.encode());
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    return response.json();
  }

  /** Key operations the vault served (wrap and unwrap calls answered 2xx). */
  private static int vaultCalls(StandInVault vault) {
    return (int)
        vault.served().stream()
            .map(request -> request.toLowerCase(Locale.ROOT))
            .filter(
                r -> r.startsWith("post ") && (r.endsWith("/wrapkey") || r.endsWith("/unwrapkey")))
            .count();
  }

  private List<byte[]> deks(int count) {
    List<byte[]> deks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] dek = new byte[32];
      random.nextBytes(dek);
      deks.add(dek);
    }
    return deks;
  }

  private static Response wrap(TestGateway gw, String alias, byte[] dek) {
    return gw.post(
        "/v1/keys/" + alias + "/wrap",
        TestGateway.ALL_TOKEN,
        new JsonObject().put("plaintext", TestGateway.b64(dek)).encode());
  }

  private static List<String> wrapBatch(TestGateway gw, String alias, List<byte[]> deks) {
    JsonArray items = new JsonArray();
    deks.forEach(dek -> items.add(new JsonObject().put("plaintext", TestGateway.b64(dek))));
    List<String> blobs = new ArrayList<>();
    for (Object result : batch(gw, alias, "wrap", items)) {
      blobs.add(((JsonObject) result).getString("ciphertext"));
    }
    return blobs;
  }

  private static List<byte[]> unwrapBatch(TestGateway gw, String alias, List<String> blobs) {
    JsonArray items = new JsonArray();
    blobs.forEach(blob -> items.add(new JsonObject().put("ciphertext", blob)));
    List<byte[]> deks = new ArrayList<>();
    for (Object result : batch(gw, alias, "unwrap", items)) {
      JsonObject json = (JsonObject) result;
      assertThat(json.getString("plaintext")).as(json.encode()).isNotNull();
      deks.add(TestGateway.unb64(json.getString("plaintext")));
    }
    return deks;
  }

  private static JsonArray batch(TestGateway gw, String alias, String op, JsonArray items) {
    Response response =
        gw.post(
            "/v1/keys/" + alias + "/" + op + "/batch",
            TestGateway.ALL_TOKEN,
            new JsonObject().put("items", items).encode());
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().getJsonArray("results");
  }
}
