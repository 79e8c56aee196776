package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ALL_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Circuit breaker, rate limiter and bulkhead around a faulty vault (the stand-in injects faults).
 */
@ExtendWith(VertxExtension.class)
class ResilienceTest {
  /** Shared with FaultMatrixTest: kv on Key Vault, hsm on Managed HSM, healthy on a local key. */
  static final String ROUTING =
      """
      aliases:
        kv:
          versions:
            - { id: v1, backend: old-kv, key: "orders-kek/1", algorithm: RSA-OAEP-256, weight: 1 }
        hsm:
          versions:
            - { id: v1, backend: new-hsm, key: "hsm-kek/1", algorithm: A256KW, weight: 1 }
        healthy:
          versions:
            - { id: v1, backend: local, key: healthy-v1, algorithm: A256KW, weight: 1 }
      """;

  @Test
  void failingVault_opensTheCircuit_failsFast_andRecoversByItself(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (AzureGatewayFixture fx =
        AzureGatewayFixture.start(
            vertx,
            dir,
            ROUTING,
            ", resilience: { minimum-calls: 4, failure-rate: 50, open-seconds: 2 }",
            "")) {
      List<String[]> before = new ArrayList<>();
      for (String alias : new String[] {"kv", "healthy"}) {
        before.add(
            new String[] {alias, fx.gw.wrap(alias, new byte[32], null).getString("ciphertext")});
      }

      fx.keyVault.failNext(403, 1000);
      // Four calls decide (minimum-calls: 4); with the success above, three failures pass 50%.
      for (int i = 0; i < 3; i++) {
        assertThat(wrap(fx, "kv").errorCode()).isEqualTo("BACKEND_ERROR");
      }
      int seenByVault = fx.keyVault.requests().size();
      Response open = wrap(fx, "kv");
      assertThat(open.status()).isEqualTo(503);
      assertThat(open.errorCode()).isEqualTo("BACKEND_UNAVAILABLE");
      assertThat(open.header("Retry-After")).isEqualTo("2");
      assertThat(fx.keyVault.requests())
          .as("an open circuit does not call the vault")
          .hasSize(seenByVault);
      assertThat(wrap(fx, "healthy").status()).as("other backends are unaffected").isEqualTo(200);

      fx.keyVault.failNext(0, 0);
      await()
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> wrap(fx, "kv").status() == 200);
      // Half-open lets three probe calls through; their success closes the circuit.
      assertThat(wrap(fx, "kv").status()).isEqualTo(200);
      assertThat(wrap(fx, "kv").status()).isEqualTo(200);
      for (String[] blob : before) {
        assertThat(fx.gw.unwrap(blob[0], blob[1], null).getString("keyVersion")).isEqualTo("v1");
      }
      assertThat(fx.gw.get(fx.gw.admin("/metrics")).body())
          .contains("resilience4j_circuitbreaker_state{name=\"old-kv\",state=\"closed\"} 1.0");
    }
  }

  @Test
  void rateLimit_isAnswered429WithRetryAfter_withoutCallingTheVault(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (AzureGatewayFixture fx =
        AzureGatewayFixture.start(vertx, dir, ROUTING, "", ", resilience: { rate-limit: 3/10s }")) {
      for (int i = 0; i < 3; i++) {
        assertThat(wrap(fx, "hsm").status()).isEqualTo(200);
      }
      int seenByVault = fx.managedHsm.requests().size();
      Response limited = wrap(fx, "hsm");
      assertThat(limited.status()).isEqualTo(429);
      assertThat(limited.errorCode()).isEqualTo("THROTTLED");
      assertThat(limited.header("Retry-After")).isEqualTo("10");
      assertThat(fx.managedHsm.requests()).hasSize(seenByVault);
    }
  }

  @Test
  void bulkhead_refusesCallsBeyondTheBound_atOnce(Vertx vertx, @TempDir Path dir) throws Exception {
    try (AzureGatewayFixture fx =
        AzureGatewayFixture.start(vertx, dir, ROUTING, ", resilience: { max-concurrent: 1 }", "")) {
      fx.keyVault.hang(true);
      CompletableFuture<Response> stuck = CompletableFuture.supplyAsync(() -> wrap(fx, "kv"));
      await().atMost(Duration.ofSeconds(5)).until(() -> !fx.keyVault.requests().isEmpty());
      Response refused = wrap(fx, "kv");
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.errorMessage()).isEqualTo("backend old-kv has 1 calls in flight");
      assertThat(stuck.get().errorCode()).isEqualTo("BACKEND_TIMEOUT");
      fx.keyVault.hang(false);
      assertThat(wrap(fx, "kv").status()).isEqualTo(200);
    }
  }

  private static Response wrap(AzureGatewayFixture fx, String alias) {
    return fx.gw.post(
        "/v1/keys/" + alias + "/wrap",
        ALL_TOKEN,
        new JsonObject().put("plaintext", TestGateway.b64(new byte[32])).encode());
  }
}
