package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan on three gateway processes (the real jar) sharing one real PostgreSQL store: exactly one
 * runs it; killed mid-plan (SIGKILL), another takes over at the same step, and no step is applied
 * twice. Holds are real time here (the 10 s minimum), so the plan takes about 40 s.
 */
class PlanReplicasIT {
  static final String PLAN =
      """
      {"id": "rollout",
       "steps": [{"weights": {"v1": 75, "v2": 25}, "hold": "10s"},
                 {"weights": {"v1": 50, "v2": 50}, "hold": "10s"},
                 {"weights": {"v2": 100}, "hold": "10s"}],
       "gates": {"maxErrorRatio": 0.05, "minCalls": 5}}
      """;

  static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir static Path dir;
  static PostgresServer postgres;
  static final List<ForkedGateway> replicas = new ArrayList<>();

  /** The live replicas; the traffic thread reads it while the test kills one. */
  static final List<GatewayCalls> calls = new CopyOnWriteArrayList<>();

  /** Replicas killed on purpose: their refusals are not failures. */
  static final Set<GatewayCalls> killed = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void startReplicas() throws Exception {
    postgres = PostgresServer.start();
    ReplicasIT.importInto(dir, postgres);
    for (int i = 0; i < 3; i++) {
      ForkedGateway replica = ForkedGateway.start(dir, "serve", "--config", "keyshift.yaml");
      replicas.add(replica);
      int[] ports = replica.servingPorts();
      calls.add(new GatewayCalls(ports[0], ports[1]));
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
  void oneReplicaRunsThePlan_andAnotherTakesOverAtTheSameStepWhenItIsKilled() throws Exception {
    AtomicBoolean loading = new AtomicBoolean(true);
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    Thread load = new Thread(() -> traffic(loading, failures));
    load.start();
    try {
      JsonObject started =
          calls.get(0).admin("PUT", "/admin/v1/aliases/orders/plan", new JsonObject(PLAN));
      assertThat(started.getString("state")).isEqualTo("running");
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  plan(calls.get(1)).getInteger("step") >= 2
                      && plan(calls.get(1)).getBoolean("applied"));
      int runner = runnerIndex();
      int stepAtKill = plan(calls.get(runner)).getInteger("step");
      killed.add(calls.get(runner));
      replicas.get(runner).process.destroyForcibly(); // SIGKILL, mid-plan
      assertThat(replicas.get(runner).process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      List<GatewayCalls> survivors = new ArrayList<>(calls);
      survivors.remove(runner);
      calls.retainAll(survivors);

      await()
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> plan(survivors.get(0)).getString("state").equals("completed"));
      int newRunner = runnerIndexAmongLive();
      assertThat(newRunner).as("a survivor took the plan over").isGreaterThanOrEqualTo(0);
      assertThat(stepAtKill).isBetween(2, 3);

      List<String> moves = planMoves();
      assertThat(moves)
          .as("every step applied once, in order, by the plan, across the takeover")
          .containsExactly("plan-step 1", "plan-step 2", "plan-step 3", "plan-complete 3");
    } finally {
      loading.set(false);
      load.join(60_000);
    }
    assertThat(failures).as("wraps through the surviving replicas").isEmpty();
  }

  /** Wraps through every live replica in turn; a killed replica's refusals are not failures. */
  private static void traffic(AtomicBoolean loading, List<String> failures) {
    for (int i = 0; loading.get(); i++) {
      List<GatewayCalls> live = new ArrayList<>(calls);
      GatewayCalls replica = live.get(i % live.size());
      try {
        replica.wrap(String.format("%-32s", "plan " + i).getBytes(StandardCharsets.UTF_8));
      } catch (AssertionError e) {
        if (!killed.contains(replica)) {
          failures.add(e.getMessage());
        }
      }
    }
  }

  private static JsonObject plan(GatewayCalls replica) {
    return replica.admin("GET", "/admin/v1/aliases/orders/plan", null);
  }

  /** The replica whose log says it took the runner's lock (the first and only one so far). */
  private static int runnerIndex() {
    await().atMost(PATIENCE).until(() -> runnerIndexAmongLive() >= 0);
    return runnerIndexAmongLive();
  }

  private static int runnerIndexAmongLive() {
    int found = -1;
    for (int i = 0; i < replicas.size(); i++) {
      if (replicas.get(i).process.isAlive()
          && replicas.get(i).output().contains("now runs the cutover plans")) {
        assertThat(found).as("exactly one live replica runs the plans").isEqualTo(-1);
        found = i;
      }
    }
    return found;
  }

  /** The plan's own changes, oldest first, straight from the database's audit log. */
  private static List<String> planMoves() throws Exception {
    List<String> moves = new ArrayList<>();
    try (Connection db = postgres.connect();
        Statement query = db.createStatement();
        ResultSet rows =
            query.executeQuery(
                "SELECT action, entry FROM keyshift_audit WHERE actor = 'plan:rollout'"
                    + " ORDER BY seq")) {
      while (rows.next()) {
        JsonObject after = new JsonObject(rows.getString(2)).getJsonObject("after");
        moves.add(rows.getString(1) + " " + after.getJsonObject("plan").getInteger("step"));
      }
    }
    return moves;
  }
}
