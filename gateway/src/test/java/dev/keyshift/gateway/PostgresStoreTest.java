package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.backend.providers.BackendProviders;
import dev.keyshift.gateway.config.ConfigLoader;
import dev.keyshift.gateway.config.GatewayConfig;
import dev.keyshift.gateway.config.PostgresConfig;
import dev.keyshift.gateway.store.postgres.Migrations;
import dev.keyshift.gateway.store.postgres.PostgresCallsStore;
import dev.keyshift.gateway.store.postgres.PostgresDatabase;
import dev.keyshift.gateway.usage.CallsStore;
import dev.keyshift.routing.CallTally;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL store against a real PostgreSQL: its schema migrations, {@code keyshift store
 * import} from a file store, and its refusals. Replicas, kills and outages are in {@code
 * ReplicasIT}.
 */
@ExtendWith(VertxExtension.class)
class PostgresStoreTest {
  static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Test
  void aFreshDatabase_andOneAtThePreviousSchema_bothEndAtTheCurrentSchema() throws Exception {
    postgres.createDatabase("fresh");
    DataSource fresh = dataSource("fresh");
    assertThat(Migrations.current(fresh)).isNull();
    assertThat(Migrations.migrate(fresh)).isEqualTo(3);
    assertThat(Migrations.current(fresh)).isEqualTo("3");
    assertThat(Migrations.migrate(fresh)).as("a second start migrates nothing").isZero();

    postgres.createDatabase("previous");
    DataSource previous = dataSource("previous");
    assertThat(Migrations.migrateTo(previous, "1")).isEqualTo(1);
    try (Connection db = postgres.connect("previous");
        Statement sql = db.createStatement()) {
      sql.execute(
          "INSERT INTO keyshift_routing VALUES (1, 7, 'aliases: {}', now());"
              + " INSERT INTO keyshift_audit (time, actor, action, alias, entry)"
              + " VALUES (now(), 'ops', 'set-weights', 'orders', '{}')");
    }
    assertThat(Migrations.migrate(previous)).isEqualTo(2);
    assertThat(Migrations.current(previous)).isEqualTo("3");
    try (Connection db = postgres.connect("previous");
        Statement sql = db.createStatement()) {
      assertThat(count(sql, "SELECT count(*) FROM keyshift_routing WHERE revision = 7"))
          .isEqualTo(1);
      assertThat(count(sql, "SELECT count(*) FROM keyshift_audit")).isEqualTo(1);
      assertThat(count(sql, "SELECT count(*) FROM keyshift_usage")).isZero();
    }
    assertThat(tables("fresh")).isEqualTo(tables("previous"));
  }

  @Test
  void storeImport_servesTheFileStoresRoutingRevisionsAndAudit(Vertx vertx, @TempDir Path dir)
      throws Exception {
    TestGateway file = TestGateway.start(vertx, dir, TestGateway.ROUTING);
    changeThroughAdmin(file);
    JsonObject aliases = file.request("GET", file.admin("/admin/v1/aliases"), admin(), null).json();
    JsonObject audit = file.request("GET", file.admin("/admin/v1/audit"), admin(), null).json();
    file.close();
    assertThat(audit.getJsonArray("entries")).hasSize(3);

    postgres.createDatabase("imported");
    Path config = postgresConfig(dir, "imported");
    CliRun imported =
        importStore(
            config.toString(),
            dir.resolve("routing.yaml").toString(),
            "--audit",
            dir.resolve("audit.jsonl").toString());
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out())
        .contains("(5 aliases) and 3 audit entries into postgresql://127.0.0.1:");

    TestGateway shared = start(vertx, dir, config);
    try {
      assertThat(shared.request("GET", shared.admin("/admin/v1/aliases"), admin(), null).json())
          .isEqualTo(aliases);
      assertThat(shared.request("GET", shared.admin("/admin/v1/audit"), admin(), null).json())
          .isEqualTo(audit);
      Response stale =
          shared.request(
              "PUT",
              shared.admin("/admin/v1/aliases/orders/weights"),
              admin(),
              "{\"weights\": {\"v1\": 10, \"v2\": 90}}",
              "If-Match",
              "\"1\"");
      assertThat(stale.status()).isEqualTo(412);
      assertThat(stale.errorCode()).isEqualTo("CONFLICT");
      Response ready = shared.request("GET", shared.admin("/health/ready"), null, null);
      assertThat(ready.json().getJsonObject("store").getString("type")).isEqualTo("postgresql");
      assertThat(ready.json().getJsonObject("store").getString("status")).isEqualTo("UP");
    } finally {
      shared.close();
    }

    CliRun again = importStore(config.toString(), dir.resolve("routing.yaml").toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err())
        .contains("nothing imported")
        .contains("is not empty (routing at revision")
        .contains("3 audit entries): import only into an empty store");
  }

  @Test
  void aStoredRoutingThisGatewayCannotServe_orAnOlderOne_leavesTheLastGoodOneServing(
      Vertx vertx, @TempDir Path dir) throws Exception {
    TestGateway.prepare(dir, TestGateway.ROUTING);
    postgres.createDatabase("alien");
    Path config = postgresConfig(dir, "alien");
    assertThat(importStore(config.toString(), dir.resolve("routing.yaml").toString()).code())
        .isZero();
    TestGateway gw = start(vertx, dir, config);
    try {
      String original;
      try (Connection db = postgres.connect("alien");
          Statement sql = db.createStatement();
          ResultSet rows = sql.executeQuery("SELECT document FROM keyshift_routing")) {
        rows.next();
        original = rows.getString(1);
      }
      // The routing moves on from what the store started with.
      for (int v2 : new int[] {20, 40}) {
        Response moved =
            gw.request(
                "PUT",
                gw.admin("/admin/v1/aliases/orders/weights"),
                admin(),
                "{\"weights\": {\"v1\": " + (100 - v2) + ", \"v2\": " + v2 + "}}");
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
      }
      // Another replica's config has a backend this one lacks, and it routes orders there.
      String foreign =
          original.replace(
              "id: v2, backend: \"local\", key: \"orders-v2\"",
              "id: v2, backend: \"elsewhere\", key: \"orders-v2\"");
      assertThat(foreign).isNotEqualTo(original);
      storeDirectly("alien", 99, foreign);
      Response refused =
          gw.request(
              "PUT",
              gw.admin("/admin/v1/aliases/kw/weights"),
              admin(),
              "{\"weights\": {\"v1\": 2}}");
      assertThat(refused.status()).isEqualTo(412);
      assertThat(refused.errorMessage())
          .contains("the stored routing (revision 99) cannot be served by this gateway")
          .contains("elsewhere");
      assertThat(orders(gw).getLong("revision")).as("the last good routing serves").isEqualTo(3);

      // A store restored from an older backup: never applied over the newer routing in force.
      storeDirectly("alien", 5, original);
      Response older =
          gw.request(
              "PUT",
              gw.admin("/admin/v1/aliases/kw/weights"),
              admin(),
              "{\"weights\": {\"v1\": 3}}");
      assertThat(older.status()).isEqualTo(412);
      assertThat(older.errorMessage())
          .contains("the stored routing (revision 5) cannot be served by this gateway")
          .contains("older than revision 7 in force here");
      assertThat(orders(gw).getJsonArray("versions").getJsonObject(1).getInteger("weight"))
          .isEqualTo(40);
    } finally {
      gw.close();
    }
  }

  @Test
  void aKekMoveThroughOneReplica_isServedByTheOther(Vertx vertx, @TempDir Path dir)
      throws Exception {
    TestGateway.prepare(
        dir,
        """
        aliases:
          tenants:
            versions:
              - { id: v1, backend: local, key: tenants-kek-1, algorithm: A256KW, weight: 1, hierarchy: true }
        """);
    postgres.createDatabase("hier");
    Path config = postgresConfig(dir, "hier");
    assertThat(importStore(config.toString(), dir.resolve("routing.yaml").toString()).code())
        .isZero();
    // Both replicas share one keystore file; the first creates the KEK and the master key.
    TestGateway a = start(vertx, dir, config);
    TestGateway b = start(vertx, dir, config);
    try {
      byte[] dek = new byte[32];
      String blob = wrap(a, dek);
      assertThat(unwrap(b, blob)).isEqualTo(dek);

      Response moved =
          a.request(
              "PUT",
              a.admin("/admin/v1/aliases/tenants/versions/v1/kek"),
              admin(),
              "{\"backend\": \"local\", \"key\": \"tenants-kek-2\", \"algorithm\": \"A256GCM\"}");
      assertThat(moved.status()).as(moved.body()).isEqualTo(200);
      long revision = moved.json().getLong("revision");
      TestGateway replica = b;
      Awaitility.await("the other replica serves the move")
          .atMost(60, TimeUnit.SECONDS)
          .pollInterval(10, TimeUnit.MILLISECONDS)
          .until(() -> tenants(replica).getLong("revision") == revision);
      assertThat(tenants(b).getJsonArray("versions").getJsonObject(0).getString("key"))
          .isEqualTo("tenants-kek-2");
      assertThat(unwrap(b, blob)).isEqualTo(dek);
      assertThat(unwrap(a, wrap(b, dek))).isEqualTo(dek);

      Response dropped =
          b.request(
              "DELETE",
              b.admin("/admin/v1/aliases/tenants/versions/v1/kek/previous"),
              admin(),
              null);
      assertThat(dropped.status()).as(dropped.body()).isEqualTo(200);
      b.close();
      b = start(vertx, dir, config);
      assertThat(unwrap(b, blob)).as("through the new KEK alone").isEqualTo(dek);
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void whileItsDatabaseIsDown_aStartingGatewayIsLiveNotReady_thenServesWhenItReturns(
      Vertx vertx, @TempDir Path dir) throws Exception {
    try (PostgresServer late = PostgresServer.start()) {
      TestGateway.prepare(dir, TestGateway.ROUTING);
      Path config = dir.resolve("keyshift-late.yaml");
      Files.writeString(
          config,
          Files.readString(dir.resolve("keyshift.yaml"))
              .replace("routing: { file: routing.yaml }", late.routingConfig("app")));
      assertThat(importStore(config, dir.resolve("routing.yaml").toString()).code()).isZero();
      late.stopImmediately();
      int adminPort;
      try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
        adminPort = free.getLocalPort();
      }
      GatewayConfig loaded =
          ConfigLoader.load(config, BackendProviders.types()).withPortsForTesting(0, adminPort);
      var starting = Gateway.start(vertx, loaded);
      HttpClient http = HttpClient.newHttpClient();
      URI live = URI.create("http://127.0.0.1:" + adminPort + "/health/live");
      Awaitility.await("the admin port answers while waiting")
          .atMost(60, TimeUnit.SECONDS)
          .ignoreExceptions()
          .until(
              () -> http.send(get(live), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
      HttpResponse<String> ready =
          http.send(
              get(URI.create("http://127.0.0.1:" + adminPort + "/health/ready")),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(ready.body()).getString("reason"))
          .isEqualTo("starting: waiting for the routing store");
      assertThat(starting.isComplete()).isFalse();

      late.restart();
      TestGateway gw =
          TestGateway.around(
              dir, starting.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS));
      try {
        Response serving = gw.get(gw.admin("/health/ready"));
        assertThat(serving.status()).as(serving.body()).isEqualTo(200);
        assertThat(gw.gateway.adminPort()).isEqualTo(adminPort);
      } finally {
        gw.close();
      }
    }
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(10)).GET().build();
  }

  private static JsonObject tenants(TestGateway gw) {
    return gw.request("GET", gw.admin("/admin/v1/aliases/tenants"), admin(), null).json();
  }

  private static String wrap(TestGateway gw, byte[] dek) {
    Response wrapped =
        gw.post(
            "/v1/keys/tenants/wrap",
            TestGateway.ALL_TOKEN,
            new JsonObject().put("plaintext", TestGateway.b64(dek)).encode());
    assertThat(wrapped.status()).as(wrapped.body()).isEqualTo(200);
    return wrapped.json().getString("ciphertext");
  }

  private static byte[] unwrap(TestGateway gw, String blob) {
    Response unwrapped =
        gw.post(
            "/v1/keys/tenants/unwrap",
            TestGateway.ALL_TOKEN,
            new JsonObject().put("ciphertext", blob).encode());
    assertThat(unwrapped.status()).as(unwrapped.body()).isEqualTo(200);
    return TestGateway.unb64(unwrapped.json().getString("plaintext"));
  }

  private static JsonObject orders(TestGateway gw) {
    return gw.request("GET", gw.admin("/admin/v1/aliases/orders"), admin(), null).json();
  }

  private static void storeDirectly(String database, long revision, String document)
      throws Exception {
    try (Connection db = postgres.connect(database);
        var update =
            db.prepareStatement(
                "UPDATE keyshift_routing SET revision = ?, document = ?;"
                    + " SELECT pg_notify('keyshift_routing', 'x')")) {
      update.setLong(1, revision);
      update.setString(2, document);
      update.execute();
    }
  }

  @Test
  void storeImport_refusesAFileStoreConfigAndAnInvalidRoutingFile(@TempDir Path dir)
      throws Exception {
    TestGateway.prepare(dir, TestGateway.ROUTING);
    CliRun fileStore =
        importStore(
            dir.resolve("keyshift.yaml").toString(), dir.resolve("routing.yaml").toString());
    assertThat(fileStore.code()).isEqualTo(1);
    assertThat(fileStore.err()).contains("names a file store: store import needs routing.postgres");

    postgres.createDatabase("refused");
    Path config = postgresConfig(dir, "refused");
    Files.writeString(
        dir.resolve("bad.yaml"),
        "aliases:\n  orders:\n    versions:\n"
            + "      - { id: v1, backend: nowhere, key: k, algorithm: A256KW, weight: 1 }\n");
    CliRun invalid = importStore(config.toString(), dir.resolve("bad.yaml").toString());
    assertThat(invalid.code()).isEqualTo(1);
    assertThat(invalid.err()).contains("bad.yaml").contains("nowhere");
    try (Connection db = postgres.connect("refused");
        Statement sql = db.createStatement()) {
      assertThat(
              count(
                  sql,
                  "SELECT count(*) FROM information_schema.tables"
                      + " WHERE table_name = 'keyshift_routing'"))
          .as("nothing created for a refused import")
          .isZero();
    }
  }

  @Test
  void overTls_verifyFullWithPasswordFile_serves_andPlainConnectionsAreRefused(
      Vertx vertx, @TempDir Path dir) throws Exception {
    TestPki pki = TestPki.create(dir);
    try (PostgresServer tls = PostgresServer.start()) {
      tls.requireTls(pki.serverCert, pki.serverKey, "pg-secret-41");
      Files.writeString(dir.resolve("pg.password"), "pg-secret-41\n");
      TestGateway.prepare(dir, TestGateway.ROUTING);
      String section =
          tls.routingConfig("app")
              .replace(
                  "ssl-mode: disable",
                  "ssl-mode: verify-full, trust-pem: ca.pem, password-file: pg.password");
      Path config = dir.resolve("keyshift-tls.yaml");
      Files.writeString(
          config,
          Files.readString(dir.resolve("keyshift.yaml"))
              .replace("routing: { file: routing.yaml }", section));
      CliRun imported = importStore(config.toString(), dir.resolve("routing.yaml").toString());
      assertThat(imported.code()).as(imported.err()).isZero();
      TestGateway shared = start(vertx, dir, config);
      try {
        Response changed =
            shared.request(
                "PUT",
                shared.admin("/admin/v1/aliases/orders/weights"),
                admin(),
                "{\"weights\": {\"v1\": 50, \"v2\": 50}}");
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
      } finally {
        shared.close();
      }

      Path plain = dir.resolve("keyshift-plain.yaml");
      Files.writeString(
          plain,
          Files.readString(dir.resolve("keyshift.yaml"))
              .replace(
                  "routing: { file: routing.yaml }",
                  tls.routingConfig("app")
                      .replace(
                          "ssl-mode: disable", "ssl-mode: disable, password-file: pg.password")));
      CliRun refused = importStore(plain.toString(), dir.resolve("routing.yaml").toString());
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).contains("nothing imported").contains("no encryption");
      assertThat(refused.err() + imported.out()).doesNotContain("pg-secret-41");
    }
  }

  private static void changeThroughAdmin(TestGateway gw) {
    assertThat(
            gw.request(
                    "PUT",
                    gw.admin("/admin/v1/aliases/orders/weights"),
                    admin(),
                    "{\"weights\": {\"v1\": 60, \"v2\": 40}}")
                .status())
        .isEqualTo(200);
    assertThat(
            gw.request(
                    "POST",
                    gw.admin("/admin/v1/aliases/kw/versions"),
                    admin(),
                    "{\"id\": \"v2\", \"backend\": \"local\", \"key\": \"kw-v2\","
                        + " \"algorithm\": \"A256KW\"}")
                .status())
        .isEqualTo(201);
    assertThat(
            gw.request(
                    "PUT",
                    gw.admin("/admin/v1/aliases/orders/versions/v3/state"),
                    admin(),
                    "{\"state\": \"enabled\"}")
                .status())
        .isEqualTo(200);
  }

  /** {@code keyshift store import --config CONFIG --from FROM [more...]}. */
  private static CliRun importStore(Object config, String from, String... more) {
    List<String> args =
        new ArrayList<>(List.of("store", "import", "--config", config.toString(), "--from", from));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static String admin() {
    return TestGateway.ADMIN_TOKEN;
  }

  /** The folder's test config, its routing in {@code database} instead of the routing file. */
  private static Path postgresConfig(Path dir, String database) throws Exception {
    Path config = dir.resolve("keyshift-" + database + ".yaml");
    Files.writeString(
        config,
        Files.readString(dir.resolve("keyshift.yaml"))
            .replace("routing: { file: routing.yaml }", postgres.routingConfig(database)));
    return config;
  }

  private static TestGateway start(Vertx vertx, Path dir, Path config) {
    GatewayConfig loaded =
        ConfigLoader.load(config, BackendProviders.types()).withPortsForTesting(0, 0);
    return TestGateway.around(dir, Gateway.start(vertx, loaded).await());
  }

  @Test
  void planCallsFromTwoReplicas_addUpPerHold(Vertx vertx) throws Exception {
    postgres.createDatabase("calls");
    Migrations.migrate(dataSource("calls"));
    PostgresDatabase one = PostgresDatabase.open(vertx, config("calls")).await();
    PostgresDatabase two = PostgresDatabase.open(vertx, config("calls")).await();
    try {
      PostgresCallsStore first = new PostgresCallsStore(one);
      PostgresCallsStore second = new PostgresCallsStore(two);
      int fast = CallTally.bucketOf(2_000);
      int slow = CallTally.bucketOf(400_000);
      first.add(List.of(new CallsStore.CallsDelta("p1#1", "v2", fast, 98, 0))).await();
      second
          .add(
              List.of(
                  new CallsStore.CallsDelta("p1#1", "v2", fast, 1, 0),
                  new CallsStore.CallsDelta("p1#1", "v2", slow, 1, 1),
                  new CallsStore.CallsDelta("p1#2", "v2", fast, 50, 50)))
          .await();
      first.add(List.of(new CallsStore.CallsDelta("p1#1", "v2", fast, 100, 0))).await();
      CallTally v2 = second.tallies("p1#1").await().get("v2");
      assertThat(v2.calls()).isEqualTo(200);
      assertThat(v2.errors()).isEqualTo(1);
      assertThat(v2.p99Millis()).as("199 of 200 calls were fast").isLessThan(3);
      assertThat(first.tallies("p1#2").await().get("v2").errors()).isEqualTo(50);
      assertThat(first.tallies("p9#1").await()).isEmpty();
    } finally {
      one.close().await();
      two.close().await();
    }
  }

  private static PostgresConfig config(String database) {
    return new PostgresConfig(
        "postgresql://127.0.0.1:" + postgres.port() + "/" + database,
        PostgresServer.USER,
        null,
        "disable",
        null);
  }

  private static DataSource dataSource(String database) {
    return PostgresDatabase.dataSource(config(database));
  }

  private static String tables(String database) throws Exception {
    try (Connection db = postgres.connect(database);
        Statement sql = db.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT table_name, column_name, data_type FROM information_schema.columns"
                    + " WHERE table_name LIKE 'keyshift_%' AND table_name <> 'keyshift_schema_history'"
                    + " ORDER BY 1, 2")) {
      StringBuilder columns = new StringBuilder();
      while (rows.next()) {
        columns.append(rows.getString(1)).append('.').append(rows.getString(2));
        columns.append(' ').append(rows.getString(3)).append('\n');
      }
      return columns.toString();
    }
  }

  private static long count(Statement sql, String query) throws Exception {
    try (ResultSet rows = sql.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
