package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ADMIN_TOKEN;
import static dev.keyshift.gateway.TestGateway.ALL_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application on the Azure SDK moves from Key Vault through the gateway, with the real SDK on
 * every hop: blobs it wrapped directly with the old vault (raw RSA-OAEP) keep unwrapping as legacy,
 * new wraps follow the weights, lazy rewrap moves blobs forward, and every blob unwraps at every
 * step. Alias {@code orders} moves Key Vault to a local key; alias {@code payments} moves Key Vault
 * (RSA-OAEP-256) to Managed HSM (A256KW).
 */
@ExtendWith(VertxExtension.class)
class AzureMigrationTest {
  static final String ROUTING =
      """
      aliases:
        orders:
          lazy-rewrap: true
          legacy: v1
          versions:
            - { id: v1, backend: old-kv, key: "orders-kek/1", algorithm: RSA-OAEP, weight: 100 }
            - { id: v2, backend: local, key: orders-v2, algorithm: A256KW, weight: 0 }
        payments:
          lazy-rewrap: true
          legacy: v1
          versions:
            - { id: v1, backend: old-kv, key: "orders-kek/1", algorithm: RSA-OAEP-256, weight: 100 }
            - { id: v2, backend: new-hsm, key: "hsm-kek/1", algorithm: A256KW, weight: 0 }
      """;

  /** A stored DEK as the application's database holds it. */
  record Row(byte[] dek, byte[] blob) {}

  final SecureRandom random = new SecureRandom();

  @Test
  void keyVaultToLocal_andKeyVaultToManagedHsm(Vertx vertx, @TempDir Path dir) throws Exception {
    try (AzureGatewayFixture fx = AzureGatewayFixture.start(vertx, dir, ROUTING)) {
      migrate(fx, "orders", KeyWrapAlgorithm.RSA_OAEP);
      migrate(fx, "payments", KeyWrapAlgorithm.RSA_OAEP_256);
    }
  }

  private void migrate(AzureGatewayFixture fx, String alias, KeyWrapAlgorithm legacyAlgorithm)
      throws Exception {
    // Before keyshift: the app wraps with the old vault directly.
    CryptographyClient direct =
        fx.client(fx.keyVault.url(), "/keys/orders-kek/1", AzureGatewayFixture.VAULT_TOKEN);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] dek = dek();
      rows.add(new Row(dek, direct.wrapKey(legacyAlgorithm, dek).getEncryptedKey()));
    }

    // The app changes only its key id: now the gateway.
    CryptographyClient app = fx.client(fx.gatewayUrl(), "/keys/" + alias + "/current", ALL_TOKEN);
    assertEveryBlobUnwraps(app, rows);
    assertThat(wrapVersions(app, rows, 20)).containsOnly("v1");

    setWeights(fx, alias, 50, 50);
    assertEveryBlobUnwraps(app, rows);
    assertThat(wrapVersions(app, rows, 60)).contains("v1", "v2");

    setWeights(fx, alias, 0, 100);
    assertThat(wrapVersions(app, rows, 10)).containsOnly("v2");
    lazyRewrapAll(fx, alias, rows);
    assertEveryBlobUnwraps(app, rows);
    assertThat(rows)
        .allSatisfy(
            row ->
                assertThat(new String(row.blob(), StandardCharsets.UTF_8))
                    .startsWith("ks1:" + alias + ":v2:"));
  }

  private void assertEveryBlobUnwraps(CryptographyClient app, List<Row> rows) {
    for (Row row : rows) {
      assertThat(app.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, row.blob()).getKey())
          .isEqualTo(row.dek());
    }
  }

  /** Wraps {@code count} new DEKs through the SDK, stores them, and returns the versions used. */
  private List<String> wrapVersions(CryptographyClient app, List<Row> rows, int count) {
    List<String> versions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] dek = dek();
      byte[] blob = app.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, dek).getEncryptedKey();
      rows.add(new Row(dek, blob));
      versions.add(new String(blob, StandardCharsets.UTF_8).split(":")[2]);
    }
    return versions;
  }

  /**
   * Reads every blob through the native API and stores what lazy rewrap hands back; forward only.
   */
  private void lazyRewrapAll(AzureGatewayFixture fx, String alias, List<Row> rows) {
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      String text = new String(row.blob(), StandardCharsets.UTF_8);
      String ciphertext = text.startsWith("ks1:") ? text : TestGateway.b64(row.blob());
      JsonObject unwrapped = fx.gw.unwrap(alias, ciphertext, null);
      assertThat(TestGateway.unb64(unwrapped.getString("plaintext"))).isEqualTo(row.dek());
      if (unwrapped.getBoolean("rewrapped")) {
        assertThat(unwrapped.getString("keyVersion")).isEqualTo("v1");
        assertThat(unwrapped.getString("rewrappedKeyVersion")).isEqualTo("v2");
        rows.set(
            i,
            new Row(
                row.dek(),
                unwrapped.getString("rewrappedCiphertext").getBytes(StandardCharsets.UTF_8)));
      } else {
        assertThat(unwrapped.getString("keyVersion")).isEqualTo("v2");
      }
    }
  }

  private static void setWeights(AzureGatewayFixture fx, String alias, int v1, int v2) {
    Response response =
        fx.gw.request(
            "PUT",
            fx.gw.admin("/admin/v1/aliases/" + alias + "/weights"),
            ADMIN_TOKEN,
            "{\"weights\": {\"v1\": " + v1 + ", \"v2\": " + v2 + "}}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }

  private byte[] dek() {
    byte[] dek = new byte[32];
    random.nextBytes(dek);
    return dek;
  }
}
