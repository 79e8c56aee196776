package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ADMIN_TOKEN;
import static dev.keyshift.gateway.TestGateway.ALL_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyshift.gateway.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Per-version usage and reported scans: counted, persisted, and still there after a restart. */
@ExtendWith(VertxExtension.class)
class UsageTest {
  private static final byte[] DEK = new byte[32];

  @Test
  void wrapsAndUnwrapsPerVersion_surviveARestart(Vertx vertx, @TempDir Path dir) throws Exception {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    String v1Blob;
    try (TestGateway gw = TestGateway.start(vertx, dir, TestGateway.ROUTING)) {
      v1Blob = gw.wrap("orders", DEK, null).getString("ciphertext");
      gw.wrap("orders", DEK, null);
      gw.unwrap("orders", v1Blob, null);
      assertThat(gw.post("/v1/keys/orders/datakey", ALL_TOKEN, "{}").status()).isEqualTo(200);

      JsonObject v1 = usage(gw, "orders").getJsonObject("v1");
      assertThat(v1.getJsonObject("wraps").getLong("count")).isEqualTo(3);
      assertThat(v1.getJsonObject("unwraps").getLong("count")).isEqualTo(1);
      assertThat(Instant.parse(v1.getJsonObject("unwraps").getString("last")))
          .isAfterOrEqualTo(before);
      assertThat(v1.getInteger("weight")).isEqualTo(100);
      assertThat(v1.getString("weightZeroSince")).isNull();
      JsonObject v2 = usage(gw, "orders").getJsonObject("v2");
      assertThat(v2.getJsonObject("wraps").getLong("count")).isZero();
      assertThat(v2.getString("weightZeroSince")).isNotNull();
    }
    try (TestGateway gw = TestGateway.startWithoutWritingRouting(vertx, dir)) {
      JsonObject v1 = usage(gw, "orders").getJsonObject("v1");
      assertThat(v1.getJsonObject("wraps").getLong("count"))
          .as("counted before the restart")
          .isEqualTo(3);
      gw.unwrap("orders", v1Blob, null);
      assertThat(usage(gw, "orders").getJsonObject("v1").getJsonObject("unwraps").getLong("count"))
          .isEqualTo(2);
    }
  }

  @Test
  void aRewrapsReadOfTheBlobItMoves_isNotAnUnwrap_andBulkCallsCountAsBulk(
      Vertx vertx, @TempDir Path dir) throws Exception {
    try (TestGateway gw = TestGateway.start(vertx, dir, TestGateway.ROUTING)) {
      String legacy = TestGateway.b64(gw.rawKwpWrap("cutover-v1", DEK));
      Response moved =
          gw.request(
              "POST",
              gw.data("/v1/keys/cutover/rewrap/batch"),
              ALL_TOKEN,
              new JsonObject()
                  .put("items", new JsonArray().add(new JsonObject().put("ciphertext", legacy)))
                  .encode(),
              "Keyshift-Rewrap-Mode",
              "bulk");
      assertThat(moved.status()).as(moved.body()).isEqualTo(200);
      assertThat(moved.json().getJsonArray("results").getJsonObject(0).getBoolean("rewrapped"))
          .isTrue();

      JsonObject usage = usage(gw, "cutover");
      assertThat(usage.getJsonObject("v1").getJsonObject("unwraps").getLong("count")).isZero();
      assertThat(usage.getJsonObject("v2").getJsonObject("wraps").getLong("count")).isEqualTo(1);
      assertThat(gw.get(gw.admin("/metrics")).body())
          .contains(
              "keyshift_rewraps_total{alias=\"cutover\",from_version=\"v1\",mode=\"bulk\","
                  + "outcome=\"success\",to_version=\"v2\"} 1.0");

      Response badMode =
          gw.request(
              "POST",
              gw.data("/v1/keys/cutover/rewrap"),
              ALL_TOKEN,
              new JsonObject().put("ciphertext", legacy).encode(),
              "Keyshift-Rewrap-Mode",
              "fast");
      assertThat(badMode.status()).isEqualTo(400);
      assertThat(badMode.errorMessage()).contains("Keyshift-Rewrap-Mode");
    }
  }

  @Test
  void scans_areRecordedWithWhenEachVersionWasFirstFoundEmpty(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (TestGateway gw = TestGateway.start(vertx, dir, TestGateway.ROUTING)) {
      assertThat(reportScan(gw, "db.orders", "2026-11-01T00:00:00Z", 5, 10).status())
          .isEqualTo(201);
      assertThat(reportScan(gw, "db.orders", "2026-11-02T00:00:00Z", 0, 15).status())
          .isEqualTo(201);
      Response third = reportScan(gw, "db.orders", "2026-11-03T00:00:00Z", 0, 15);
      assertThat(third.status()).isEqualTo(201);
      assertThat(third.json().getJsonObject("emptySince").getString("v1"))
          .as("empty since the first scan of the unbroken run that found none")
          .isEqualTo("2026-11-02T00:00:00Z");

      Response stale = reportScan(gw, "db.orders", "2026-11-01T12:00:00Z", 0, 15);
      assertThat(stale.status()).isIn(409, 412);
      assertThat(stale.errorCode()).isEqualTo("CONFLICT");
    }
    try (TestGateway gw = TestGateway.startWithoutWritingRouting(vertx, dir)) {
      JsonArray scans =
          gw.request("GET", gw.admin("/admin/v1/aliases/orders/usage"), ADMIN_TOKEN, null)
              .json()
              .getJsonArray("scans");
      assertThat(scans).hasSize(1);
      assertThat(scans.getJsonObject(0).getString("finishedAt")).isEqualTo("2026-11-03T00:00:00Z");
      assertThat(scans.getJsonObject(0).getJsonObject("versions").getLong("v2")).isEqualTo(15);
    }
  }

  @Test
  void badScanReports_areRefusedWithAClearMessage(Vertx vertx, @TempDir Path dir) throws Exception {
    try (TestGateway gw = TestGateway.start(vertx, dir, TestGateway.ROUTING)) {
      String[][] cases = {
        {"{\"finishedAt\": \"2026-11-01T00:00:00Z\", \"versions\": {}}", "source"},
        {"{\"source\": \"s\", \"finishedAt\": \"yesterday\", \"versions\": {}}", "finishedAt"},
        {
          "{\"source\": \"s\", \"finishedAt\": \"2999-01-01T00:00:00Z\", \"versions\": {}}",
          "future"
        },
        {
          "{\"source\": \"s\", \"finishedAt\": \"2026-11-01T00:00:00Z\", \"versions\": 3}",
          "versions"
        },
        {
          "{\"source\": \"s\", \"finishedAt\": \"2026-11-01T00:00:00Z\", \"versions\": {\"v9\": 1}}",
          "v9"
        },
        {
          "{\"source\": \"s\", \"finishedAt\": \"2026-11-01T00:00:00Z\", \"versions\": {\"v1\": -1}}",
          "v1"
        },
      };
      for (String[] c : cases) {
        Response response =
            gw.request("POST", gw.admin("/admin/v1/aliases/orders/scans"), ADMIN_TOKEN, c[0]);
        assertThat(response.status()).as(c[0]).isEqualTo(400);
        assertThat(response.errorMessage()).as(c[0]).contains(c[1]);
      }
      assertThat(
              gw.request("POST", gw.admin("/admin/v1/aliases/nope/scans"), ADMIN_TOKEN, "{}")
                  .status())
          .isEqualTo(404);
      assertThat(
              gw.request("GET", gw.admin("/admin/v1/aliases/orders/usage"), ALL_TOKEN, null)
                  .status())
          .as("a data-plane token")
          .isIn(401, 403);
    }
  }

  @Test
  void aDamagedUsageFile_stopsTheStart_ratherThanCountingAfresh(Vertx vertx, @TempDir Path dir)
      throws Exception {
    TestGateway.prepare(dir, TestGateway.ROUTING);
    Files.writeString(dir.resolve("usage.json"), "{\"format\": 1, \"aliases\": {\"orders\": 7}}");
    assertThatThrownBy(() -> TestGateway.startWithoutWritingRouting(vertx, dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("usage.json")
        .hasMessageContaining("move it away");
  }

  private static JsonObject usage(TestGateway gw, String alias) {
    Response response =
        gw.request("GET", gw.admin("/admin/v1/aliases/" + alias + "/usage"), ADMIN_TOKEN, null);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().getJsonObject("versions");
  }

  private static Response reportScan(TestGateway gw, String source, String at, long v1, long v2) {
    JsonObject body =
        new JsonObject()
            .put("source", source)
            .put("finishedAt", at)
            .put("versions", new JsonObject().put("v1", v1).put("v2", v2));
    return gw.request(
        "POST", gw.admin("/admin/v1/aliases/orders/scans"), ADMIN_TOKEN, body.encode());
  }
}
