package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Software keys to an HSM: alias {@code orders} moves from a local A256KW key to an RSA-OAEP-256
 * key on a SoftHSM2 token, weights flipped live; lazy rewrap moves blobs forward and every blob
 * unwraps at every step.
 */
@ExtendWith(VertxExtension.class)
class LocalToPkcs11MigrationTest {
  static final String ROUTING =
      """
      aliases:
        orders:
          lazy-rewrap: true
          versions:
            - { id: v1, backend: local, key: orders-soft, algorithm: A256KW, weight: 100 }
            - { id: v2, backend: hsm, key: migration-orders-rsa, algorithm: RSA-OAEP-256, weight: 0 }
      """;

  record Row(byte[] dek, String ciphertext, String version) {}

  @Test
  void localToHsm_everyBlobUnwrapsAtEveryStep(Vertx vertx, @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("keystore.password"), "test-password\n");
    String hsm =
        "  hsm: { type: pkcs11, library: "
            + SoftHsm.LIBRARY
            + ", token-label: "
            + SoftHsm.LABEL
            + ", pin-file: \""
            + SoftHsm.dir().resolve("hsm.pin")
            + "\", create-missing-keys: true }";
    String config = TestGateway.config();
    String local =
        config.lines().filter(line -> line.startsWith("  local:")).findFirst().orElseThrow();
    Files.writeString(dir.resolve("keyshift.yaml"), config.replace(local, local + "\n" + hsm));
    try (TestGateway gw = TestGateway.start(vertx, dir, ROUTING)) {
      List<Row> rows = new ArrayList<>();
      wrapMore(gw, rows, 100);
      assertThat(rows).allSatisfy(row -> assertThat(row.version()).isEqualTo("v1"));

      setWeights(gw, 50, 50);
      readAll(gw, rows);
      wrapMore(gw, rows, 100);
      assertThat(rows).extracting(Row::version).contains("v1", "v2");

      setWeights(gw, 0, 100);
      readAll(gw, rows);
      assertThat(rows).allSatisfy(row -> assertThat(row.version()).isEqualTo("v2"));
      readAll(gw, rows);
    }
  }

  private static void wrapMore(TestGateway gw, List<Row> rows, int count) {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < count; i++) {
      byte[] dek = new byte[32];
      random.nextBytes(dek);
      JsonObject wrapped = gw.wrap("orders", dek, "tenant-" + i);
      rows.add(new Row(dek, wrapped.getString("ciphertext"), wrapped.getString("keyVersion")));
    }
  }

  /**
   * Unwraps every row (with its routing key), storing what lazy rewrap hands back: forward only.
   */
  private static void readAll(TestGateway gw, List<Row> rows) {
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      JsonObject unwrapped = gw.unwrap("orders", row.ciphertext(), null);
      assertThat(TestGateway.unb64(unwrapped.getString("plaintext"))).isEqualTo(row.dek());
      if (unwrapped.getBoolean("rewrapped")) {
        assertThat(unwrapped.getString("rewrappedKeyVersion")).isGreaterThan(row.version());
        rows.set(
            i,
            new Row(
                row.dek(),
                unwrapped.getString("rewrappedCiphertext"),
                unwrapped.getString("rewrappedKeyVersion")));
      }
    }
  }

  private static void setWeights(TestGateway gw, int v1, int v2) {
    Response response =
        gw.request(
            "PUT",
            gw.admin("/admin/v1/aliases/orders/weights"),
            TestGateway.ADMIN_TOKEN,
            "{\"weights\": {\"v1\": " + v1 + ", \"v2\": " + v2 + "}}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }
}
