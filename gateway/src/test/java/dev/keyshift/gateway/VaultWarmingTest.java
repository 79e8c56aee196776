package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A routing change that gives a vault-backed version more traffic opens the vault's connections
 * before it is put in force, so that the calls it sends find them open; one that gives a version
 * less opens nothing, a vault already warm costs no new connection, and a vault that cannot be
 * reached does not hold the change back.
 */
@ExtendWith(VertxExtension.class)
class VaultWarmingTest {
  static final String ROUTING = routing(100, 0);

  /**
   * The vault-backed backend's pool, all of which a change opens: 16 here, the bulkhead's size,
   * which bounds it (64 by default), so that the handshakes stay well inside the backend's 4 s
   * timeout on a busy machine.
   */
  static final int WARM = 16;

  static final String POOL_OF_16 = ", resilience: { max-concurrent: 16 }";

  static final String CHALLENGE_REQUEST = "GET /keys/hsm-kek/1";

  @Test
  void aChangeGivingAVaultVersionTraffic_opensItsConnectionsFirst(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (AzureGatewayFixture fx = AzureGatewayFixture.start(vertx, dir, ROUTING, "", POOL_OF_16)) {
      StandInVault hsm = fx.managedHsm;
      int before = hsm.connectionsOpened();

      setWeights(fx, 25, 75);
      assertThat(hsm.connectionsOpened() - before)
          .as("opened before the change was answered")
          .isEqualTo(WARM);
      assertThat(hsm.requests()).filteredOn(CHALLENGE_REQUEST::equals).hasSize(WARM);
      assertThat(hsm.served()).as("no key operation, only the 401 challenge").isEmpty();

      setWeights(fx, 50, 50);
      assertThat(hsm.requests())
          .as("less traffic warms nothing")
          .filteredOn(CHALLENGE_REQUEST::equals)
          .hasSize(WARM);

      setWeights(fx, 0, 100);
      assertThat(hsm.connectionsOpened() - before)
          .as("a full pool: nothing to open")
          .isEqualTo(WARM);
      assertThat(hsm.requests()).filteredOn(CHALLENGE_REQUEST::equals).hasSize(WARM);

      String wrapped = fx.gw.wrap("payments", new byte[32], null).getString("ciphertext");
      assertThat(hsm.served()).containsExactly("POST /keys/hsm-kek/1/wrapkey");
      assertThat(hsm.connectionsOpened() - before).isEqualTo(WARM);
      assertThat(wrapped).startsWith("ks1:payments:v2:");
    }
  }

  @Test
  void aRoutingFileEditGivingAVaultVersionTraffic_opensItsConnectionsBeforeItServes(
      Vertx vertx, @TempDir Path dir) throws Exception {
    try (AzureGatewayFixture fx = AzureGatewayFixture.start(vertx, dir, ROUTING, "", POOL_OF_16)) {
      StandInVault hsm = fx.managedHsm;
      int before = hsm.connectionsOpened();

      Files.writeString(dir.resolve("routing.yaml"), routing(0, 100));
      // A hang guard only: the edit is read within a second or two, and the pool filled after.
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  fx.gw
                      .wrap("payments", new byte[32], null)
                      .getString("ciphertext")
                      .startsWith("ks1:payments:v2:"));

      List<String> requests = hsm.requests();
      assertThat(hsm.connectionsOpened() - before).isEqualTo(WARM);
      assertThat(requests.subList(0, WARM)).containsOnly(CHALLENGE_REQUEST);
      assertThat(requests.get(WARM)).isEqualTo("POST /keys/hsm-kek/1/wrapkey");
    }
  }

  @Test
  void aVaultThatRefusesConnections_doesNotHoldTheChangeBack(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (AzureGatewayFixture fx = AzureGatewayFixture.start(vertx, dir, ROUTING, "", POOL_OF_16)) {
      fx.managedHsm.refuse(true);
      JsonObject changed = setWeights(fx, 25, 75);
      assertThat(changed.getJsonArray("versions").getJsonObject(1).getInteger("weight"))
          .isEqualTo(75);
    }
  }

  static String routing(int v1, int v2) {
    return """
        aliases:
          payments:
            lazy-rewrap: true
            versions:
              - { id: v1, backend: local, key: payments-v1, algorithm: A256KW, weight: %d }
              - { id: v2, backend: new-hsm, key: "hsm-kek/1", algorithm: A256KW, weight: %d }
        """
        .formatted(v1, v2);
  }

  private static JsonObject setWeights(AzureGatewayFixture fx, int v1, int v2) {
    Response response =
        fx.gw.request(
            "PUT",
            fx.gw.admin("/admin/v1/aliases/payments/weights"),
            ADMIN_TOKEN,
            "{\"weights\": {\"v1\": " + v1 + ", \"v2\": " + v2 + "}}");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }
}
