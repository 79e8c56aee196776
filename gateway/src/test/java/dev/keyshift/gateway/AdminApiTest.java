package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ALL_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The admin listener: health probes and the Prometheus scrape after real traffic. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {
  TestGateway gw;

  @BeforeAll
  void start(Vertx vertx, @TempDir Path dir) throws Exception {
    gw = TestGateway.start(vertx, dir, TestGateway.ROUTING);
    String ciphertext = gw.wrap("orders", new byte[32], null).getString("ciphertext");
    gw.unwrap("orders", ciphertext, null);
    gw.post(
        "/v1/keys/orders/unwrap",
        ALL_TOKEN,
        "{\"ciphertext\": \"ks1:orders:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}");
    gw.post("/v1/keys/unknown/wrap", ALL_TOKEN, "{\"plaintext\": \"AAAA\"}");
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @Test
  void live_isUp() {
    Response response = gw.get(gw.admin("/health/live"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getString("status")).isEqualTo("UP");
  }

  @Test
  void ready_isUpWithNoDegradedBackend_andNamesTheStore() {
    Response response = gw.get(gw.admin("/health/ready"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json())
        .isEqualTo(
            new JsonObject()
                .put("status", "UP")
                .put("degraded", new JsonObject())
                .put("store", new JsonObject().put("type", "file").put("status", "UP"))
                .put("masterKeys", new JsonObject()));
  }

  @Test
  void metrics_carryTheDesignNamesAndTags() {
    Response response = gw.get(gw.admin("/metrics"));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("text/plain");
    assertThat(response.body())
        .contains(
            "keyshift_requests_total{alias=\"orders\",operation=\"wrap\",outcome=\"success\",version=\"v1\"} 1.0")
        .contains(
            "keyshift_requests_total{alias=\"orders\",operation=\"unwrap\",outcome=\"success\",version=\"v1\"} 1.0")
        .contains(
            "keyshift_requests_total{alias=\"orders\",operation=\"unwrap\",outcome=\"invalid_ciphertext\",version=\"none\"} 1.0")
        .contains(
            "keyshift_requests_total{alias=\"none\",operation=\"wrap\",outcome=\"unknown_alias\",version=\"none\"} 1.0")
        .contains(
            "keyshift_request_duration_seconds_bucket{alias=\"orders\",operation=\"wrap\",le=\"0.001\"}")
        .contains(
            "keyshift_backend_requests_total{backend=\"local\",operation=\"wrap\",outcome=\"success\"}")
        .contains(
            "keyshift_backend_requests_total{backend=\"local\",operation=\"unwrap\",outcome=\"invalid_ciphertext\"} 1.0")
        .contains(
            "keyshift_backend_duration_seconds_count{backend=\"local\",operation=\"unwrap\"} 2")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void unknownAdminRoute_isJsonNotFound() {
    assertThat(gw.get(gw.admin("/nothing")).errorCode()).isEqualTo("NOT_FOUND");
    Response response =
        gw.request("GET", gw.admin("/admin/v1/nothing"), TestGateway.ADMIN_TOKEN, null);
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.errorCode()).isEqualTo("NOT_FOUND");
  }
}
