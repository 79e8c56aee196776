package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateway processes (the real jar) sharing one real PostgreSQL store: changes reach every
 * replica, concurrent writers conflict, a replica killed mid-change loses nothing acknowledged,
 * usage adds up across replicas, and the data plane rides out the database going away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {
  static final String ROUTING =
      """
      aliases:
        orders:
          versions:
            - { id: v1, backend: local, key: orders-v1, algorithm: A256KWP, weight: 100 }
            - { id: v2, backend: local, key: orders-v2, algorithm: A256KW, weight: 0 }
      """;

  static final Duration CONVERGENCE = Duration.ofSeconds(60);

  /** Changes timed for propagation; {@code bench/replicas.sh} asks for more. */
  static final int ROUNDS = Integer.getInteger("keyshift.replicas.rounds", 30);

  @TempDir static Path dir;
  static PostgresServer postgres;
  static final List<ForkedGateway> replicas = new ArrayList<>();
  static final List<GatewayCalls> calls = new ArrayList<>();

  /** Revisions of orders that an admin change was acknowledged with. */
  static final Set<Long> acknowledged = Collections.synchronizedSet(new HashSet<>());

  static final AtomicInteger weightStep = new AtomicInteger();

  @BeforeAll
  static void startReplicas() throws Exception {
    postgres = PostgresServer.start();
    CliRun imported = importInto(dir, postgres);
    assertThat(imported.out()).contains("imported routing revision 1 (1 aliases)");
    // The first replica creates the local keys; the others then share its keystore file.
    for (int i = 0; i < 3; i++) {
      startReplica();
    }
  }

  @AfterAll
  static void stopReplicas() throws Exception {
    for (ForkedGateway replica : replicas) {
      replica.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @Order(1)
  void aChangeThroughOneReplica_isServedByTheOthers() throws Exception {
    List<Long> delaysMicros = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      GatewayCalls writer = calls.get(round % 3);
      long revision = setWeights(writer, null).revision;
      long start = System.nanoTime();
      for (GatewayCalls replica : calls) {
        awaitTrue(() -> revisionOf(replica) >= revision, "replica serves revision " + revision);
      }
      delaysMicros.add((System.nanoTime() - start) / 1000);
    }
    Collections.sort(delaysMicros);
    String report =
        "replica propagation over %d changes (three replicas, loopback, polled every 2 ms):"
                .formatted(delaysMicros.size())
            + " p50 %d µs, p99 %d µs, max %d µs%n"
                .formatted(
                    delaysMicros.get(delaysMicros.size() / 2),
                    delaysMicros.get((int) Math.ceil(delaysMicros.size() * 0.99) - 1),
                    delaysMicros.get(delaysMicros.size() - 1));
    Files.writeString(Path.of("target", "replica-propagation.txt"), report, StandardCharsets.UTF_8);
    System.out.print(report);
  }

  @Test
  @Order(2)
  void concurrentChangesThroughTwoReplicas_exactlyOneWins() throws Exception {
    // Both send the If-Match they read: one commits, the other is refused whichever check meets
    // it first (the revision it read, or the compare-and-set when both read the same).
    for (int round = 0; round < 10; round++) {
      long revision = storedRevision();
      for (GatewayCalls replica : calls) {
        awaitTrue(
            () -> revisionOf(replica) == revision,
            "replicas agree on " + revision + ", at " + revisions());
      }
      CountDownLatch go = new CountDownLatch(1);
      List<CompletableFuture<Change>> racers = new ArrayList<>();
      for (GatewayCalls replica : List.of(calls.get(0), calls.get(1))) {
        racers.add(
            CompletableFuture.supplyAsync(
                () -> {
                  awaitQuietly(go);
                  return setWeights(replica, "\"" + revision + "\"");
                }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      List<String> codes = new ArrayList<>();
      for (CompletableFuture<Change> racer : racers) {
        Change change = racer.get(60, TimeUnit.SECONDS);
        statuses.add(change.status);
        codes.add(change.code);
      }
      assertThat(codes).as("round %d", round).containsOnlyOnce("CONFLICT");
      Collections.sort(statuses);
      assertThat(statuses).as("round %d", round).containsExactly(200, 412);
    }
  }

  @Test
  @Order(3)
  void auditThroughAnyReplica_listsEveryAcknowledgedChangeOnceInOrder() {
    List<JsonObject> first = audit(calls.get(0));
    for (GatewayCalls replica : calls) {
      assertThat(audit(replica)).isEqualTo(first);
    }
    assertAuditChain(first);
    Set<Long> audited = new HashSet<>();
    first.forEach(entry -> audited.add(entry.getJsonObject("after").getLong("revision")));
    assertThat(audited).containsAll(acknowledged).hasSameSizeAs(acknowledged);
  }

  @Test
  @Order(4)
  void replicaKilledMidChange_losesNoAcknowledgedChange() throws Exception {
    for (int round = 0; round < 6; round++) {
      ForkedGateway victim = startReplica();
      GatewayCalls victimCalls = calls.remove(calls.size() - 1);
      replicas.remove(victim);
      AtomicBoolean dead = new AtomicBoolean();
      AtomicInteger acks = new AtomicInteger();
      Thread writer =
          new Thread(
              () -> {
                while (!dead.get()) {
                  try {
                    if (setWeights(victimCalls, null).status == 200) {
                      acks.incrementAndGet();
                    }
                  } catch (AssertionError e) {
                    return; // the connection died with the process
                  }
                }
              });
      writer.start();
      int killAfter = 2 + round;
      awaitTrue(() -> acks.get() >= killAfter, killAfter + " changes through the victim");
      victim.process.destroyForcibly(); // SIGKILL
      dead.set(true);
      assertThat(victim.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      writer.join(60_000);
      assertStoreConsistent();
    }
    // The survivors converge on what the victims left.
    long stored = storedRevision();
    for (GatewayCalls replica : calls) {
      awaitTrue(() -> revisionOf(replica) == stored, "replica serves revision " + stored);
    }
  }

  @Test
  @Order(5)
  void usageFromTrafficSpreadOverReplicas_addsUpToTheTrafficSent() throws Exception {
    long wrapsBefore = usageCount(calls.get(0), "wraps");
    long unwrapsBefore = usageCount(calls.get(0), "unwraps");
    int perBatch = 10;
    int batches = 30;
    for (int i = 0; i < batches; i++) {
      GatewayCalls replica = calls.get(i % 3);
      List<byte[]> plaintexts = new ArrayList<>();
      for (int j = 0; j < perBatch; j++) {
        plaintexts.add(key("usage " + i + "/" + j));
      }
      List<String> blobs = replica.wrapBatch(plaintexts);
      // Unwrapped on the next replica: every replica reads every other's blobs.
      assertThat(calls.get((i + 1) % 3).unwrapBatch(blobs)).containsExactlyElementsOf(plaintexts);
    }
    long sent = (long) perBatch * batches;
    awaitTrue(
        () ->
            usageCount(calls.get(0), "wraps") >= wrapsBefore + sent
                && usageCount(calls.get(0), "unwraps") >= unwrapsBefore + sent,
        "every replica flushed its usage");
    assertThat(usageCount(calls.get(1), "wraps")).isEqualTo(wrapsBefore + sent);
    assertThat(usageCount(calls.get(2), "unwraps")).isEqualTo(unwrapsBefore + sent);
  }

  @Test
  @Order(6)
  void postgresDown_dataPlaneServes_adminWritesRefused_thenEveryReplicaConverges()
      throws Exception {
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger served = new AtomicInteger();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> load = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      int offset = t;
      Thread thread =
          new Thread(
              () -> {
                for (int i = offset; loading.get(); i++) {
                  byte[] plaintext = key("load " + i);
                  try {
                    String blob = calls.get(i % 3).wrap(plaintext);
                    assertThat(calls.get((i + 1) % 3).unwrapBatch(List.of(blob)).get(0))
                        .isEqualTo(plaintext);
                    served.incrementAndGet();
                  } catch (AssertionError e) {
                    failures.add(e.getMessage());
                  }
                }
              });
      thread.start();
      load.add(thread);
    }
    awaitTrue(() -> served.get() >= 20 || !failures.isEmpty(), "load before the outage");
    assertThat(failures).as("data-plane failures before the outage").isEmpty();
    postgres.stopImmediately();
    int servedAtStop = served.get();
    for (GatewayCalls replica : calls) {
      awaitTrue(() -> storeStatus(replica).equals("DEGRADED"), "replica reports the store down");
      assertThat(replica.ready().statusCode()).isEqualTo(200);
      assertThat(replica.metrics()).contains("keyshift_routing_store_up 0.0");
    }
    HttpResponse<String> refused =
        calls.get(1).adminCall("PUT", "/admin/v1/aliases/orders/weights", weightsBody(50), null);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code"))
        .isEqualTo("STORE_UNAVAILABLE");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    ForkedGateway late = ForkedGateway.start(dir, "serve", "--config", "keyshift.yaml");
    late.awaitLine(line -> line.contains("not read") && line.contains("retrying in"), CONVERGENCE);
    awaitTrue(() -> served.get() >= servedAtStop + 100, "load during the outage");
    postgres.restart();
    replicas.add(late);
    int[] latePorts = late.servingPorts();
    calls.add(new GatewayCalls(latePorts[0], latePorts[1]));
    awaitTrue(() -> setWeights(calls.get(0), null).status == 200, "a change after recovery");
    long stored = storedRevision();
    for (GatewayCalls replica : calls) {
      awaitTrue(() -> revisionOf(replica) == stored, "replica serves revision " + stored);
      awaitTrue(() -> storeStatus(replica).equals("UP"), "replica reports the store up");
    }
    loading.set(false);
    for (Thread thread : load) {
      thread.join(60_000);
    }
    assertThat(failures).as("data-plane failures during the outage").isEmpty();
    assertThat(late.output()).as("a clear line, no stack trace").doesNotContain("\tat ");
  }

  /**
   * A 32-byte data key (v2 wraps with A256KW, which takes whole 8-byte blocks) naming {@code what}.
   */
  private static byte[] key(String what) {
    return String.format("%-32s", what).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Writes the test folder with {@link #ROUTING}, its config on database {@code app} of {@code
   * postgres}, and imports the routing there.
   */
  static CliRun importInto(Path dir, PostgresServer postgres) throws Exception {
    GatewayFolder.write(dir, ROUTING);
    Path config = dir.resolve("keyshift.yaml");
    Files.writeString(
        config,
        Files.readString(config)
            .replace("routing: { file: routing.yaml }", postgres.routingConfig("app")));
    CliRun imported =
        CliRun.of(
            "store",
            "import",
            "--config",
            config.toString(),
            "--from",
            dir.resolve("routing.yaml").toString());
    assertThat(imported.code()).as(imported.err()).isZero();
    return imported;
  }

  private static ForkedGateway startReplica() throws Exception {
    ForkedGateway replica = ForkedGateway.start(dir, "serve", "--config", "keyshift.yaml");
    replicas.add(replica);
    int[] ports = replica.servingPorts();
    calls.add(new GatewayCalls(ports[0], ports[1]));
    return replica;
  }

  /** A weight change's status, error code, and when acknowledged the revision it made. */
  record Change(int status, String code, long revision) {}

  private static Change setWeights(GatewayCalls replica, String ifMatch) {
    int v2 = weightStep.incrementAndGet() % 100;
    HttpResponse<String> response =
        replica.adminCall("PUT", "/admin/v1/aliases/orders/weights", weightsBody(v2), ifMatch);
    if (response.statusCode() != 200) {
      return new Change(
          response.statusCode(),
          new JsonObject(response.body()).getJsonObject("error").getString("code"),
          -1);
    }
    long revision = new JsonObject(response.body()).getLong("revision");
    acknowledged.add(revision);
    return new Change(200, null, revision);
  }

  private static JsonObject weightsBody(int v2) {
    return new JsonObject().put("weights", new JsonObject().put("v1", 100 - v2).put("v2", v2));
  }

  private static long revisionOf(GatewayCalls replica) {
    return replica.admin("GET", "/admin/v1/aliases/orders", null).getLong("revision");
  }

  private static List<Long> revisions() {
    List<Long> revisions = new ArrayList<>();
    calls.forEach(replica -> revisions.add(revisionOf(replica)));
    return revisions;
  }

  private static String storeStatus(GatewayCalls replica) {
    return new JsonObject(replica.ready().body()).getJsonObject("store").getString("status");
  }

  private static List<JsonObject> audit(GatewayCalls replica) {
    JsonArray entries =
        replica.admin("GET", "/admin/v1/audit?limit=1000", null).getJsonArray("entries");
    List<JsonObject> oldestFirst = new ArrayList<>();
    entries.forEach(entry -> oldestFirst.add(0, (JsonObject) entry));
    return oldestFirst;
  }

  private static long usageCount(GatewayCalls replica, String kind) {
    JsonObject versions =
        replica.admin("GET", "/admin/v1/aliases/orders/usage", null).getJsonObject("versions");
    long total = 0;
    for (String id : versions.fieldNames()) {
      JsonObject tally = versions.getJsonObject(id).getJsonObject(kind);
      total += tally == null ? 0 : tally.getLong("count");
    }
    return total;
  }

  /** Each entry's before is the previous entry's after: no change missing, none twice. */
  private static void assertAuditChain(List<JsonObject> oldestFirst) {
    for (int i = 1; i < oldestFirst.size(); i++) {
      assertThat(oldestFirst.get(i).getJsonObject("before"))
          .as("entry %d follows entry %d", i, i - 1)
          .isEqualTo(oldestFirst.get(i - 1).getJsonObject("after"));
    }
  }

  /**
   * Straight from the database: the routing in force is the last audit entry's after, the audit is
   * one unbroken chain, and every acknowledged change is in it exactly once.
   */
  private static void assertStoreConsistent() throws Exception {
    List<JsonObject> entries = new ArrayList<>();
    String document;
    long revision;
    try (Connection db = postgres.connect();
        Statement query = db.createStatement()) {
      try (ResultSet rows = query.executeQuery("SELECT entry FROM keyshift_audit ORDER BY seq")) {
        while (rows.next()) {
          entries.add(new JsonObject(rows.getString(1)));
        }
      }
      try (ResultSet rows = query.executeQuery("SELECT revision, document FROM keyshift_routing")) {
        assertThat(rows.next()).isTrue();
        revision = rows.getLong(1);
        document = rows.getString(2);
      }
    }
    assertAuditChain(entries);
    JsonObject last = entries.get(entries.size() - 1).getJsonObject("after");
    assertThat(revision).isEqualTo(last.getLong("revision"));
    JsonArray versions = last.getJsonArray("versions");
    for (Object version : versions) {
      JsonObject v = (JsonObject) version;
      assertThat(document)
          .contains("id: " + v.getString("id"))
          .containsPattern(
              "id: " + v.getString("id") + ",[^}]*weight: " + v.getInteger("weight") + "\\b");
    }
    List<Long> revisions = new ArrayList<>();
    entries.forEach(entry -> revisions.add(entry.getJsonObject("after").getLong("revision")));
    assertThat(new HashSet<>(revisions)).hasSameSizeAs(revisions).containsAll(acknowledged);
  }

  private static long storedRevision() throws Exception {
    try (Connection db = postgres.connect();
        Statement query = db.createStatement();
        ResultSet rows = query.executeQuery("SELECT revision FROM keyshift_routing")) {
      assertThat(rows.next()).isTrue();
      return rows.getLong(1);
    }
  }

  /** Polls until {@code condition} holds; the deadline only stops a test that would hang. */
  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + CONVERGENCE.toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (AssertionError | RuntimeException e) {
        // not yet: a replica still starting, a database still recovering
      }
      assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
