package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Hand edits of the routing file, in place or through a ConfigMap-style symlink swap. */
@ExtendWith(VertxExtension.class)
class HotReloadTest {
  /** The bound is 2 s; the store polls every 0.5 s. */
  static final Duration WITHIN = Duration.ofSeconds(2);

  static String routing(int v1, int v2) {
    return """
        aliases:
          orders:
            versions:
              - { id: v1, backend: local, key: orders-v1, algorithm: A256KW, weight: %d }
              - { id: v2, backend: local, key: orders-v2, algorithm: A256KW, weight: %d }
        """
        .formatted(v1, v2);
  }

  @Test
  void handEdit_isAppliedWithinTwoSeconds_andAudited(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (TestGateway gw = TestGateway.start(vertx, dir, routing(100, 0))) {
      assertThat(wrapVersion(gw)).isEqualTo("v1");
      Files.writeString(dir.resolve("routing.yaml"), routing(0, 100));
      await().atMost(WITHIN).until(() -> wrapVersion(gw).equals("v2"));

      JsonObject orders =
          gw.request("GET", gw.admin("/admin/v1/aliases/orders"), ADMIN_TOKEN, null).json();
      assertThat(orders.getLong("revision")).as("a changed alias gets a new revision").isEqualTo(2);
      JsonArray audit =
          gw.request("GET", gw.admin("/admin/v1/audit"), ADMIN_TOKEN, null)
              .json()
              .getJsonArray("entries");
      assertThat(audit).hasSize(1);
      assertThat(audit.getJsonObject(0).getString("actor")).isEqualTo("file");
      assertThat(audit.getJsonObject(0).getString("action")).isEqualTo("reload");
    }
  }

  /** The admin write lands before the poll has seen the edit: the edit must survive it. */
  @Test
  void handEditFollowedAtOnceByAdminWrite_isKept(Vertx vertx, @TempDir Path dir) throws Exception {
    try (TestGateway gw = TestGateway.start(vertx, dir, twoAliases(100, 0))) {
      Files.writeString(dir.resolve("routing.yaml"), twoAliases(0, 100));
      Response write = setBillingWeightsByAdmin(gw);
      assertThat(write.status()).as(write.body()).isEqualTo(200);
      assertThat(wrapVersion(gw)).as("the hand edit is in force").isEqualTo("v2");
      assertThat(Files.readString(dir.resolve("routing.yaml")))
          .as("and still in the file")
          .contains("key: \"orders-v2\", algorithm: A256KW, weight: 100");
      JsonArray audit =
          gw.request("GET", gw.admin("/admin/v1/audit"), ADMIN_TOKEN, null)
              .json()
              .getJsonArray("entries");
      assertThat(audit).extracting(e -> ((JsonObject) e).getString("actor")).contains("file");
    }
  }

  @Test
  void refusedHandEdit_isNotOverwrittenByAnAdminWrite(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (TestGateway gw = TestGateway.start(vertx, dir, twoAliases(100, 0))) {
      String invalid = twoAliases(0, 0);
      Files.writeString(dir.resolve("routing.yaml"), invalid);
      Response write = setBillingWeightsByAdmin(gw);
      assertThat(write.status()).as(write.body()).isEqualTo(412);
      assertThat(write.errorCode()).isEqualTo("CONFLICT");
      assertThat(Files.readString(dir.resolve("routing.yaml"))).isEqualTo(invalid);
      assertThat(wrapVersion(gw)).as("the last good routing serves").isEqualTo("v1");
      Files.writeString(dir.resolve("routing.yaml"), twoAliases(100, 0));
      assertThat(setBillingWeightsByAdmin(gw).status())
          .as("once the file is fixed, writes go through")
          .isEqualTo(200);
    }
  }

  @Test
  void tempFilesLeftByAKill_areRemovedAtStart(Vertx vertx, @TempDir Path dir) throws Exception {
    Path leftover = dir.resolve(".routing.yaml123456.tmp");
    Files.writeString(leftover, "half a routing fi");
    try (TestGateway gw = TestGateway.start(vertx, dir, routing(100, 0))) {
      assertThat(leftover).doesNotExist();
      assertThat(wrapVersion(gw)).isEqualTo("v1");
    }
  }

  static String twoAliases(int v1, int v2) {
    return routing(v1, v2)
        + """
          billing:
            versions:
              - { id: v1, backend: local, key: billing-v1, algorithm: A256KW, weight: 1 }
        """;
  }

  @Test
  void configMapSymlinkSwap_isApplied(Vertx vertx, @TempDir Path dir) throws Exception {
    // Kubernetes mounts routing.yaml -> ..data/routing.yaml and swaps ..data atomically.
    Path first = Files.createDirectory(dir.resolve("..2026_11_28_1"));
    Files.writeString(first.resolve("routing.yaml"), routing(100, 0));
    Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
    Files.writeString(dir.resolve("keystore.password"), "test-password\n");
    Files.writeString(
        dir.resolve("keyshift.yaml"),
        TestGateway.config()
            .replace(
                "routing: { file: routing.yaml }",
                "routing: { file: routing.yaml }\naudit: { file: audit/audit.jsonl }"));
    Files.createSymbolicLink(dir.resolve("routing.yaml"), Path.of("..data/routing.yaml"));
    try (TestGateway gw = TestGateway.startWithoutWritingRouting(vertx, dir)) {
      assertThat(wrapVersion(gw)).isEqualTo("v1");
      Path second = Files.createDirectory(dir.resolve("..2026_11_28_2"));
      Files.writeString(second.resolve("routing.yaml"), routing(0, 1));
      Path swap = dir.resolve("..data_tmp");
      Files.createSymbolicLink(swap, second.getFileName());
      Files.move(
          swap,
          dir.resolve("..data"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      await().atMost(WITHIN).until(() -> wrapVersion(gw).equals("v2"));
    }
  }

  @Test
  void invalidHandEdit_isRefused_andLastGoodRoutingKeepsServing(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (TestGateway gw = TestGateway.start(vertx, dir, routing(100, 0))) {
      for (String bad :
          new String[] {
            routing(0, 0),
            "aliases: [",
            routing(0, 100)
                .replace(
                    "  - { id: v1, backend: local, key: orders-v1, algorithm: A256KW, weight: 0 }\n",
                    "")
          }) {
        double failuresBefore = reloadFailures(gw);
        Files.writeString(dir.resolve("routing.yaml"), bad);
        await().atMost(WITHIN).until(() -> reloadFailures(gw) == failuresBefore + 1);
        assertThat(wrapVersion(gw)).isEqualTo("v1");
      }
      Files.writeString(dir.resolve("routing.yaml"), routing(0, 100));
      await().atMost(WITHIN).until(() -> wrapVersion(gw).equals("v2"));
    }
  }

  /** An admin write to the alias the hand edits leave alone. */
  private static Response setBillingWeightsByAdmin(TestGateway gw) {
    return gw.request(
        "PUT",
        gw.admin("/admin/v1/aliases/billing/weights"),
        ADMIN_TOKEN,
        "{\"weights\": {\"v1\": 1}}");
  }

  private static String wrapVersion(TestGateway gw) {
    return gw.wrap("orders", new byte[32], null).getString("keyVersion");
  }

  private static double reloadFailures(TestGateway gw) {
    return gw.get(gw.admin("/metrics"))
        .body()
        .lines()
        .filter(line -> line.startsWith("keyshift_routing_reload_failures_total "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }
}
