package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.api.BatchHandler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full batch on a vault-backed version whose calls are slow: without a bound on the items in
 * flight, the batch alone would overfill the backend's bulkhead and most items would come back
 * THROTTLED. With it, every item is answered.
 */
@ExtendWith(VertxExtension.class)
class BatchBoundTest {
  static final String ROUTING =
      """
      aliases:
        hsm:
          versions:
            - { id: v1, backend: new-hsm, key: "hsm-kek/1", algorithm: A256KW, weight: 100 }
      """;

  @Test
  void aThousandItemBatch_onASlowVault_staysWithinTheBulkhead(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (AzureGatewayFixture fx =
        AzureGatewayFixture.start(
            vertx, dir, ROUTING, "", ", resilience: { max-concurrent: 150 }")) {
      // Each call waits, so every item the gateway starts at once is in flight at once.
      fx.managedHsm.delay(20);
      JsonArray items = new JsonArray();
      for (int i = 0; i < BatchHandler.MAX_ITEMS; i++) {
        items.add(
            new JsonObject()
                .put("plaintext", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=")
                .put("ref", i));
      }
      String body = new JsonObject().put("items", items).encode();

      Response answer = fx.gw.post("/v1/keys/hsm/wrap/batch", TestGateway.ALL_TOKEN, body);

      assertThat(answer.status()).isEqualTo(200);
      JsonArray results = answer.json().getJsonArray("results");
      assertThat(results).hasSize(BatchHandler.MAX_ITEMS);
      for (int i = 0; i < results.size(); i++) {
        JsonObject result = results.getJsonObject(i);
        assertThat(result.getValue("error")).as("item %d: %s", i, result).isNull();
        assertThat(result.getInteger("ref")).isEqualTo(i);
        assertThat(result.getString("keyVersion")).isEqualTo("v1");
      }
    }
  }
}
