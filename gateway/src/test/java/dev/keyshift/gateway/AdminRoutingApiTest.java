package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ADMIN_TOKEN;
import static dev.keyshift.gateway.TestGateway.ALL_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.routing.file.RoutingFile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin routing API against a running gateway: changes apply live, invalid ones change nothing.
 */
@ExtendWith(VertxExtension.class)
class AdminRoutingApiTest {
  TestGateway gw;
  Path dir;

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) throws Exception {
    this.dir = dir;
    gw = TestGateway.start(vertx, dir, TestGateway.ROUTING);
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  @Test
  void listAndShow_giveFullStateWithRevisionAsEtag() {
    Response list = admin("GET", "/admin/v1/aliases", null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().getJsonArray("aliases"))
        .extracting(a -> ((JsonObject) a).getString("name"))
        .containsExactly("billing", "cutover", "gcm", "kw", "orders");

    Response show = admin("GET", "/admin/v1/aliases/orders", null);
    assertThat(show.status()).isEqualTo(200);
    assertThat(show.header("ETag")).isEqualTo("\"1\"");
    JsonObject orders = show.json();
    assertThat(orders.getLong("revision")).isEqualTo(1);
    assertThat(orders.getBoolean("lazyRewrap")).isTrue();
    assertThat(orders.getString("legacy")).isEqualTo("v1");
    assertThat(orders.getJsonArray("versions").getJsonObject(2))
        .isEqualTo(
            new JsonObject()
                .put("id", "v3")
                .put("backend", "local")
                .put("key", "orders-v3")
                .put("algorithm", "A256GCM")
                .put("weight", 0)
                .put("state", "disabled"));
    assertThat(admin("GET", "/admin/v1/aliases/none", null).errorCode()).isEqualTo("UNKNOWN_ALIAS");
  }

  @Test
  void adminApi_takesOnlyAdminTokens() {
    assertThat(gw.request("GET", gw.admin("/admin/v1/aliases"), null, null).status())
        .isEqualTo(401);
    assertThat(
            gw.request("GET", gw.admin("/admin/v1/aliases"), null, null).header("WWW-Authenticate"))
        .startsWith("Bearer");
    Response client =
        gw.request(
            "PUT",
            gw.admin("/admin/v1/aliases/orders/weights"),
            ALL_TOKEN,
            "{\"weights\": {\"v2\": 1}}");
    assertThat(client.status()).isEqualTo(403);
    assertThat(client.errorMessage()).isEqualTo("only admin tokens may use the admin API");
    assertThat(version("orders", "v1").getInteger("weight")).isEqualTo(100);
  }

  @Test
  void weightFlip_changesNewWrapsWithoutRestart_whileUnwrapsNeverFail() throws Exception {
    List<String> blobs = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      blobs.add(gw.wrap("orders", new byte[32], null).getString("ciphertext"));
    }
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger unwraps = new AtomicInteger();
    List<String> failures = new ArrayList<>();
    CompletableFuture<Void> readers =
        CompletableFuture.runAsync(
            () -> {
              while (running.get()) {
                for (String blob : blobs) {
                  Response response =
                      gw.post(
                          "/v1/keys/orders/unwrap",
                          ALL_TOKEN,
                          new JsonObject().put("ciphertext", blob).encode());
                  if (response.status() != 200) {
                    synchronized (failures) {
                      failures.add(response.toString());
                    }
                  }
                  unwraps.incrementAndGet();
                }
              }
            });
    for (int flip = 0; flip < 10; flip++) {
      String weights = flip % 2 == 0 ? "{\"v1\": 0, \"v2\": 100}" : "{\"v1\": 100}";
      Response changed =
          admin("PUT", "/admin/v1/aliases/orders/weights", "{\"weights\": " + weights + "}");
      assertThat(changed.status()).as(changed.body()).isEqualTo(200);
      String expected = flip % 2 == 0 ? "v2" : "v1";
      for (int i = 0; i < 5; i++) {
        assertThat(gw.wrap("orders", new byte[32], null).getString("keyVersion"))
            .isEqualTo(expected);
      }
    }
    running.set(false);
    readers.get();
    assertThat(unwraps.get()).isGreaterThan(20);
    assertThat(failures).isEmpty();
  }

  @Test
  void invalidChanges_are422NamingTheInvariant_andChangeNothing() throws Exception {
    String fileBefore = Files.readString(dir.resolve("routing.yaml"));
    JsonObject before = admin("GET", "/admin/v1/aliases/orders", null).json();
    assertInvalid(
        "PUT",
        "/admin/v1/aliases/orders/weights",
        "{\"weights\": {\"v9\": 10}}",
        "alias orders: unknown version v9");
    assertInvalid(
        "PUT",
        "/admin/v1/aliases/orders/weights",
        "{\"weights\": {\"v1\": 0, \"v2\": 0}}",
        "alias orders: weights are all zero");
    assertInvalid(
        "PUT",
        "/admin/v1/aliases/orders/weights",
        "{\"weights\": {\"v1\": 10, \"v2\": -5}}",
        "alias orders: version v2 has a negative weight");
    assertInvalid(
        "PUT",
        "/admin/v1/aliases/orders/weights",
        "{\"weights\": {\"v1\": 10, \"v3\": 5}}",
        "alias orders: version v3 is disabled but has weight 5");
    assertInvalid(
        "PUT",
        "/admin/v1/aliases/orders/versions/v1/state",
        "{\"state\": \"disabled\"}",
        "alias orders: version v1 is disabled but has weight 100");
    assertInvalid(
        "PUT",
        "/admin/v1/aliases/orders/versions/v8/state",
        "{\"state\": \"disabled\"}",
        "alias orders: unknown version v8");
    assertInvalid(
        "POST",
        "/admin/v1/aliases/orders/versions",
        "{\"id\": \"v1\", \"backend\": \"local\", \"key\": \"k\", \"algorithm\": \"A256KW\"}",
        "alias orders: version id v1 is used twice");
    assertInvalid(
        "POST",
        "/admin/v1/aliases/orders/versions",
        "{\"id\": \"v4\", \"backend\": \"hsm\", \"key\": \"k\", \"algorithm\": \"A256KW\"}",
        "alias orders: version v4 names unknown backend hsm");
    assertInvalid(
        "POST",
        "/admin/v1/aliases/orders/versions",
        "{\"id\": \"V4\", \"backend\": \"local\", \"key\": \"k\", \"algorithm\": \"A256KW\"}",
        "alias orders: version id 'V4' is not valid");
    Response unknownAlgorithm =
        admin(
            "POST",
            "/admin/v1/aliases/orders/versions",
            "{\"id\": \"v4\", \"backend\": \"local\", \"key\": \"k\", \"algorithm\": \"DES\"}");
    // An unknown name in a field is a malformed request, as an unknown state is.
    assertThat(unknownAlgorithm.status()).isEqualTo(400);
    assertThat(unknownAlgorithm.errorMessage())
        .isEqualTo(
            "field 'algorithm' must be one of A256KW, A256KWP, A256GCM, RSA-OAEP-256, RSA-OAEP");
    assertThat(admin("GET", "/admin/v1/aliases/orders", null).json()).isEqualTo(before);
    assertThat(Files.readString(dir.resolve("routing.yaml"))).isEqualTo(fileBefore);
    assertThat(admin("GET", "/admin/v1/audit", null).json().getJsonArray("entries")).isEmpty();
  }

  @Test
  void malformedBodies_areBadRequest() {
    for (String body :
        new String[] {
          "",
          "[]",
          "{}",
          "{\"weights\": []}",
          "{\"weights\": {}}",
          "{\"weights\": {\"v1\": \"10\"}}",
          "{\"weights\": {\"v1\": 1.5}}"
        }) {
      assertThat(admin("PUT", "/admin/v1/aliases/orders/weights", body).status())
          .as(body)
          .isEqualTo(400);
    }
    assertThat(
            admin("PUT", "/admin/v1/aliases/orders/versions/v2/state", "{\"state\": \"off\"}")
                .status())
        .isEqualTo(400);
    assertThat(
            admin(
                    "POST",
                    "/admin/v1/aliases/orders/versions",
                    "{\"id\": \"v4\", \"backend\": \"local\", \"key\": \"k\", \"algorithm\": \"A256KW\", \"weight\": 5}")
                .status())
        .isEqualTo(400);
    assertThat(admin("GET", "/admin/v1/audit?limit=0", null).status()).isEqualTo(400);
    assertThat(admin("GET", "/admin/v1/audit?since=yesterday", null).status()).isEqualTo(400);
  }

  @Test
  void staleIfMatch_isConflict_andFreshOneWins() {
    String etag = admin("GET", "/admin/v1/aliases/orders", null).header("ETag");
    Response first =
        admin(
            "PUT",
            "/admin/v1/aliases/orders/weights",
            "{\"weights\": {\"v1\": 50, \"v2\": 50}}",
            "If-Match",
            etag);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("ETag")).isEqualTo("\"2\"");
    Response stale =
        admin(
            "PUT",
            "/admin/v1/aliases/orders/weights",
            "{\"weights\": {\"v1\": 10, \"v2\": 90}}",
            "If-Match",
            etag);
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.errorCode()).isEqualTo("CONFLICT");
    assertThat(version("orders", "v2").getInteger("weight")).isEqualTo(50);
  }

  @Test
  void concurrentWritesOnOneRevision_exactlyOneWins() throws Exception {
    for (int round = 0; round < 5; round++) {
      String etag = admin("GET", "/admin/v1/aliases/orders", null).header("ETag");
      List<CompletableFuture<Response>> writes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int weight = 10 + i;
        writes.add(
            CompletableFuture.supplyAsync(
                () ->
                    admin(
                        "PUT",
                        "/admin/v1/aliases/orders/weights",
                        "{\"weights\": {\"v1\": 100, \"v2\": " + weight + "}}",
                        "If-Match",
                        etag)));
      }
      List<Integer> statuses = new ArrayList<>();
      for (CompletableFuture<Response> write : writes) {
        statuses.add(write.get().status());
      }
      assertThat(statuses)
          .as("round %d", round)
          .containsOnly(200, 412)
          .filteredOn(s -> s == 200)
          .hasSize(1);
    }
    assertThat(admin("GET", "/admin/v1/aliases/orders", null).json().getLong("revision"))
        .isEqualTo(6);
  }

  @Test
  void addVersion_thenRouteToIt_thenDisableTheOldOne() throws Exception {
    Response added =
        admin(
            "POST",
            "/admin/v1/aliases/kw/versions",
            "{\"id\": \"v2\", \"backend\": \"local\", \"key\": \"kw-v2\", \"algorithm\": \"A256KWP\"}");
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    assertThat(added.json().getJsonArray("versions").getJsonObject(1).getInteger("weight"))
        .isZero();
    String old = gw.wrap("kw", new byte[32], null).getString("ciphertext");

    assertThat(admin("PUT", "/admin/v1/aliases/kw/weights", "{\"weights\": {\"v2\": 1}}").status())
        .isEqualTo(200);
    assertThat(gw.wrap("kw", new byte[20], null).getString("keyVersion"))
        .as("A256KWP takes 20 bytes")
        .isEqualTo("v2");

    assertThat(
            admin("PUT", "/admin/v1/aliases/kw/versions/v1/state", "{\"state\": \"disabled\"}")
                .status())
        .isEqualTo(200);
    Response refused =
        gw.post("/v1/keys/kw/unwrap", ALL_TOKEN, new JsonObject().put("ciphertext", old).encode());
    assertThat(refused.errorCode()).isEqualTo("VERSION_DISABLED");

    assertThat(
            admin("PUT", "/admin/v1/aliases/kw/versions/v1/state", "{\"state\": \"enabled\"}")
                .status())
        .isEqualTo(200);
    assertThat(gw.unwrap("kw", old, null).getString("keyVersion")).isEqualTo("v1");
    assertThat(
            RoutingFile.parse(Files.readString(dir.resolve("routing.yaml")), Set.of("local"))
                .requireAlias("kw")
                .revision())
        .isEqualTo(5);
  }

  @Test
  void changes_areAuditedNewestFirst_andGaugesFollow() {
    admin("PUT", "/admin/v1/aliases/orders/weights", "{\"weights\": {\"v1\": 90, \"v2\": 10}}");
    admin("PUT", "/admin/v1/aliases/gcm/weights", "{\"weights\": {\"v1\": 3}}");
    JsonArray entries = admin("GET", "/admin/v1/audit", null).json().getJsonArray("entries");
    assertThat(entries).hasSize(2);
    JsonObject newest = entries.getJsonObject(0);
    assertThat(newest.getString("actor")).isEqualTo("ops");
    assertThat(newest.getString("action")).isEqualTo("set-weights");
    assertThat(newest.getString("alias")).isEqualTo("gcm");
    assertThat(newest.getJsonObject("before").getLong("revision")).isEqualTo(1);
    assertThat(newest.getJsonObject("after").getLong("revision")).isEqualTo(2);
    assertThat(admin("GET", "/admin/v1/audit?limit=1", null).json().getJsonArray("entries"))
        .hasSize(1);
    assertThat(
            admin("GET", "/admin/v1/audit?since=2999-01-01T00:00:00Z", null)
                .json()
                .getJsonArray("entries"))
        .isEmpty();

    String scrape = gw.get(gw.admin("/metrics")).body();
    assertThat(scrape)
        .contains("keyshift_route_weight{alias=\"orders\",version=\"v1\"} 90.0")
        .contains("keyshift_route_weight{alias=\"orders\",version=\"v2\"} 10.0")
        .contains("keyshift_routing_revision 7.0");
  }

  private JsonObject version(String alias, String id) {
    JsonArray versions =
        admin("GET", "/admin/v1/aliases/" + alias, null).json().getJsonArray("versions");
    return versions.stream()
        .map(JsonObject.class::cast)
        .filter(v -> v.getString("id").equals(id))
        .findFirst()
        .orElseThrow();
  }

  private void assertInvalid(String method, String path, String body, String message) {
    Response response = admin(method, path, body);
    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.errorCode()).isEqualTo("INVALID_ROUTING");
    assertThat(response.errorMessage()).isEqualTo(message);
  }

  private Response admin(String method, String path, String body, String... headers) {
    return gw.request(method, gw.admin(path), ADMIN_TOKEN, body, headers);
  }
}
