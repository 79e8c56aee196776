package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keyshift rewrap} as an operator runs it: the real CLI jar against a real gateway process
 * and a real PostgreSQL, over 20,000 rows mixing v1 envelopes, legacy raw blobs, rows already on
 * v2, garbage and NULLs; killed mid-run and resumed while the application rewrites rows; then the
 * same over a JSON Lines file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkRewrapIT {
  static final int V1 = 12_000;
  static final int LEGACY = 3_000;
  static final int CURRENT = 3_000;
  static final int GARBAGE = 1_000;
  static final int NULLS = 1_000;
  static final int ROWS = V1 + LEGACY + CURRENT + GARBAGE + NULLS;

  static final String ROUTING =
      """
      aliases:
        orders:
          legacy: v1
          versions:
            - { id: v1, backend: local, key: orders-v1, algorithm: A256KWP, weight: 100 }
            - { id: v2, backend: local, key: orders-v2, algorithm: A256KW, weight: 0 }
      """;

  @TempDir static Path dir;
  static PostgresServer postgres;
  static ForkedGateway gateway;
  static GatewayCalls calls;

  /** Per row id: the blob it starts with and the plaintext that blob (or its successor) holds. */
  static final Map<Long, String> blobs = new HashMap<>();

  static final Map<Long, byte[]> plaintexts = new HashMap<>();
  static final Map<Long, String> kinds = new HashMap<>();

  @BeforeAll
  static void startEverything() throws Exception {
    GatewayFolder.write(dir, ROUTING);
    Files.writeString(dir.resolve("client.token"), TestGateway.ALL_TOKEN);
    Files.writeString(dir.resolve("admin.token"), TestGateway.ADMIN_TOKEN);
    postgres = PostgresServer.start();
    gateway = ForkedGateway.start(dir, "serve", "--config", "keyshift.yaml");
    int[] ports = gateway.servingPorts();
    calls = new GatewayCalls(ports[0], ports[1]);
    makeBlobs();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (gateway != null) {
      gateway.sigterm();
      gateway.process.waitFor(30, TimeUnit.SECONDS);
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void table_killedAndResumedWhileTheApplicationWrites_endsWithEveryValidRowCurrent()
      throws Exception {
    try (Connection db = postgres.connect()) {
      fillTable(db);
      List<String> job = jdbcJob();

      Map<Long, String> afterKill = runAndKill(job, db);

      try (RewritingProxy proxy = RewritingProxy.start(calls, postgres)) {
        ForkedGateway resumed = cli(withGateway(job, proxy.url(), "--json"));
        assertThat(resumed.process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(resumed.process.exitValue()).as(resumed.output()).isEqualTo(3);
        JsonObject summary = jsonOf(resumed.output());
        Map<Long, String> written = proxy.written();
        Map<Long, byte[]> expected = new HashMap<>(plaintexts);
        written.keySet().forEach(id -> expected.put(id, proxy.plaintextOf(id)));

        assertThat(summary.getLong("scanned"))
            .as("the resumed run's totals cover every row: %s", resumed.output())
            .isEqualTo(ROWS);
        assertThat(summary.getLong("conflicts")).isEqualTo(written.size()).isPositive();
        assertThat(summary.getLong("invalid")).isEqualTo(GARBAGE);
        assertThat(summary.getLong("empty")).isEqualTo(NULLS);
        assertThat(summary.getLong("failed")).isZero();

        Map<Long, String> now = table(db);
        for (long id = 1; id <= ROWS; id++) {
          String kind = kinds.get(id);
          String blob = now.get(id);
          switch (kind) {
            case "null" -> assertThat(blob).as("row %d", id).isNull();
            case "garbage" -> assertThat(blob).as("row %d untouched", id).isEqualTo(blobs.get(id));
            default -> {
              if (written.containsKey(id)) {
                assertThat(blob)
                    .as("row %d keeps the application's write", id)
                    .isEqualTo(written.get(id));
              }
              assertThat(blob).as("row %d is current", id).startsWith("ks1:orders:v2:");
              if (afterKill.get(id).startsWith("ks1:orders:v2:") && !written.containsKey(id)) {
                assertThat(blob)
                    .as("row %d, moved before the kill, is not moved again", id)
                    .isEqualTo(afterKill.get(id));
              }
            }
          }
        }
        assertUnwrapsTo(now, expected);
      }
      assertThat(calls.metrics())
          .containsPattern(
              "keyshift_rewraps_total\\{alias=\"orders\",from_version=\"v1\",mode=\"bulk\",outcome=\"success\",to_version=\"v2\"} [1-9]");

      // A last pass finds nothing left on v1 and says so to the gateway.
      ForkedGateway last = cli(withGateway(job, calls.dataUrl(), "--json"));
      assertThat(last.process.waitFor(10, TimeUnit.MINUTES)).isTrue();
      JsonObject lastSummary = jsonOf(last.output());
      assertThat(lastSummary.getLong("rewrapped")).isZero();
      assertThat(lastSummary.getJsonObject("left").getLong("v1")).isNull();
      JsonObject scan =
          calls
              .admin("GET", "/admin/v1/aliases/orders/usage", null)
              .getJsonArray("scans")
              .getJsonObject(0);
      assertThat(scan.getString("source")).contains("secrets.dek").doesNotContain("user=");
      assertThat(scan.getJsonObject("versions").getLong("v1")).isZero();
      assertThat(scan.getJsonObject("versions").getLong("v2")).isEqualTo(ROWS - GARBAGE - NULLS);
    }
  }

  @Test
  void file_killedAndResumed_writesEveryLineOnceInOrder() throws Exception {
    Path in = dir.resolve("blobs.jsonl");
    Path out = dir.resolve("rewrapped.jsonl");
    StringBuilder lines = new StringBuilder();
    for (long id = 1; id <= ROWS; id++) {
      lines
          .append(new JsonObject().put("ref", id).put("ciphertext", blobs.get(id)).encode())
          .append('\n');
    }
    Files.writeString(in, lines);
    List<String> job =
        new ArrayList<>(
            List.of(
                "rewrap",
                "orders",
                "--source",
                "jsonl:" + in,
                "--out",
                out.toString(),
                "--token-file",
                "client.token",
                "--checkpoint",
                "file.checkpoint",
                "--batch",
                "250",
                "--parallel",
                "4"));
    runAndKillFile(
        withGateway(job, calls.dataUrl(), "--rate", "2000/s"), dir.resolve("file.checkpoint"));

    ForkedGateway resumed = cli(withGateway(job, calls.dataUrl(), "--json"));
    assertThat(resumed.process.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(resumed.process.exitValue()).as(resumed.output()).isEqualTo(3);
    JsonObject summary = jsonOf(resumed.output());
    assertThat(summary.getLong("scanned")).isEqualTo(ROWS);
    assertThat(summary.getLong("invalid")).isEqualTo(GARBAGE);
    assertThat(summary.getLong("empty")).isEqualTo(NULLS);

    List<String> answers = Files.readAllLines(out);
    assertThat(answers).as("one line per input line, none twice").hasSize(ROWS);
    Map<Long, String> now = new HashMap<>();
    for (int i = 0; i < ROWS; i++) {
      JsonObject answer = new JsonObject(answers.get(i));
      long id = answer.getLong("ref");
      assertThat(id).as("in input order").isEqualTo(i + 1);
      now.put(id, answer.getString("ciphertext"));
      switch (kinds.get(id)) {
        case "null" -> assertThat(answer.getString("ciphertext")).isNull();
        case "garbage" -> {
          assertThat(answer.getString("ciphertext")).isEqualTo(blobs.get(id));
          assertThat(answer.getString("error")).isNotBlank();
        }
        default -> {
          assertThat(answer.getString("keyVersion")).as("line %d", id).isEqualTo("v2");
          assertThat(answer.getString("ciphertext")).startsWith("ks1:orders:v2:");
        }
      }
    }
    assertUnwrapsTo(now, plaintexts);
  }

  private static void makeBlobs() throws Exception {
    Random random = new Random(7);
    List<Long> ids = new ArrayList<>();
    for (long id = 1; id <= ROWS; id++) {
      ids.add(id);
    }
    Collections.shuffle(ids, random);
    int next = 0;
    List<Long> v1 = ids.subList(next, next += V1);
    List<Long> legacy = ids.subList(next, next += LEGACY);
    List<Long> current = ids.subList(next, next += CURRENT);
    List<Long> garbage = ids.subList(next, next += GARBAGE);
    List<Long> nulls = ids.subList(next, next + NULLS);

    wrapAll(v1, "v1", random);
    byte[] raw;
    for (long id : legacy) {
      byte[] plaintext = dek(random);
      raw = GatewayFolder.rawKwpWrap(dir, "orders-v1", plaintext);
      remember(id, "legacy", java.util.Base64.getEncoder().encodeToString(raw), plaintext);
    }
    calls.admin(
        "PUT",
        "/admin/v1/aliases/orders/weights",
        new JsonObject().put("weights", new JsonObject().put("v1", 0).put("v2", 100)));
    wrapAll(current, "v2", random);
    for (long id : garbage) {
      byte[] noise = new byte[40];
      random.nextBytes(noise);
      String blob =
          id % 2 == 0 ? "garbage-" + id : java.util.Base64.getEncoder().encodeToString(noise);
      remember(id, "garbage", blob, null);
    }
    nulls.forEach(id -> remember(id, "null", null, null));
  }

  private static void wrapAll(List<Long> ids, String version, Random random) {
    for (int from = 0; from < ids.size(); from += 1000) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
      List<byte[]> deks = new ArrayList<>();
      chunk.forEach(id -> deks.add(dek(random)));
      List<String> wrapped = calls.wrapBatch(deks);
      for (int i = 0; i < chunk.size(); i++) {
        assertThat(wrapped.get(i)).startsWith("ks1:orders:" + version + ":");
        remember(chunk.get(i), version, wrapped.get(i), deks.get(i));
      }
    }
  }

  private static void remember(long id, String kind, String blob, byte[] plaintext) {
    kinds.put(id, kind);
    blobs.put(id, blob);
    if (plaintext != null) {
      plaintexts.put(id, plaintext);
    }
  }

  private static byte[] dek(Random random) {
    byte[] dek = new byte[32];
    random.nextBytes(dek);
    return dek;
  }

  private static void fillTable(Connection db) throws Exception {
    try (Statement ddl = db.createStatement()) {
      ddl.execute("CREATE TABLE secrets (id bigint PRIMARY KEY, dek text, tenant text)");
    }
    db.setAutoCommit(false);
    try (PreparedStatement insert = db.prepareStatement("INSERT INTO secrets VALUES (?, ?, ?)")) {
      for (long id = 1; id <= ROWS; id++) {
        insert.setLong(1, id);
        insert.setString(2, blobs.get(id));
        insert.setString(3, "tenant-" + (id % 17));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    db.commit();
    db.setAutoCommit(true);
  }

  private static List<String> jdbcJob() {
    return List.of(
        "rewrap",
        "orders",
        "--source",
        postgres.jdbcUrl(),
        "--table",
        "secrets",
        "--key-column",
        "id",
        "--blob-column",
        "dek",
        "--routing-key-column",
        "tenant",
        "--token-file",
        "client.token",
        "--checkpoint",
        "table.checkpoint",
        "--batch",
        "200",
        "--parallel",
        "4",
        "--admin-token-file",
        "admin.token",
        "--url",
        calls.adminUrl());
  }

  /** Runs the job slowly until its checkpoint has passed a few thousand rows, then SIGKILLs it. */
  private static Map<Long, String> runAndKill(List<String> job, Connection db) throws Exception {
    runAndKillFile(
        withGateway(job, calls.dataUrl(), "--rate", "2000/s"), dir.resolve("table.checkpoint"));
    return table(db);
  }

  private static void runAndKillFile(List<String> job, Path checkpoint) throws Exception {
    ForkedGateway run = cli(job);
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> scannedIn(checkpoint) >= 3000 || !run.process.isAlive());
    assertThat(run.process.isAlive()).as("still running: %s", run.output()).isTrue();
    run.process.toHandle().destroyForcibly();
    assertThat(run.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(scannedIn(checkpoint)).as("killed mid-run").isLessThan(ROWS);
  }

  private static long scannedIn(Path checkpoint) {
    try {
      return new JsonObject(Files.readString(checkpoint))
          .getJsonObject("summary")
          .getLong("scanned");
    } catch (Exception e) {
      return 0; // not written yet
    }
  }

  private static List<String> withGateway(List<String> job, String url, String... more) {
    List<String> args = new ArrayList<>(job);
    args.addAll(List.of("--gateway", url));
    args.addAll(List.of(more));
    return args;
  }

  private static ForkedGateway cli(List<String> args) throws Exception {
    return ForkedGateway.start(dir, args.toArray(String[]::new));
  }

  private static Map<Long, String> table(Connection db) throws Exception {
    Map<Long, String> rows = new HashMap<>();
    try (Statement select = db.createStatement();
        ResultSet result = select.executeQuery("SELECT id, dek FROM secrets")) {
      while (result.next()) {
        rows.put(result.getLong(1), result.getString(2));
      }
    }
    return rows;
  }

  /** Every row that held a valid blob unwraps, through the gateway, to what it held at first. */
  private static void assertUnwrapsTo(Map<Long, String> now, Map<Long, byte[]> expected) {
    List<Long> ids = new ArrayList<>(expected.keySet());
    Collections.sort(ids);
    for (int from = 0; from < ids.size(); from += 1000) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
      List<byte[]> plain = calls.unwrapBatch(chunk.stream().map(now::get).toList());
      for (int i = 0; i < chunk.size(); i++) {
        assertThat(plain.get(i)).as("row %d", chunk.get(i)).isEqualTo(expected.get(chunk.get(i)));
      }
    }
  }

  /** The pretty-printed JSON summary among the job's output lines. */
  private static JsonObject jsonOf(String output) {
    int start = output.indexOf("\n{") >= 0 ? output.indexOf("\n{") + 1 : output.indexOf('{');
    int end = output.indexOf("\n}", start);
    return new JsonObject(output.substring(start, end + 2));
  }
}
