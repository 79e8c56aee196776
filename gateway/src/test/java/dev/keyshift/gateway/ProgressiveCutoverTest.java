package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ADMIN_TOKEN;
import static dev.keyshift.gateway.TestGateway.ALL_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans over a real gateway: a local key (v1) moving to a Managed HSM stand-in (v2), holds timed by
 * a test clock the test moves, so hours of holds pass at once; the fault stand-in fails v2 on cue.
 */
@ExtendWith(VertxExtension.class)
class ProgressiveCutoverTest {
  static final String ROUTING =
      """
      aliases:
        cut:
          versions:
            - { id: v1, backend: local, key: cut-v1, algorithm: A256KW, weight: 100 }
            - { id: v2, backend: new-hsm, key: "hsm-kek/1", algorithm: A256KW, weight: 0 }
      """;

  static final String TWO_STEPS =
      """
      {"id": "p1",
       "steps": [{"weights": {"v1": 50, "v2": 50}, "hold": "10m"},
                 {"weights": {"v2": 100}, "hold": "30m"}],
       "gates": {"maxErrorRatio": 0.01, "maxP99Ms": 5000, "minCalls": 10}}
      """;

  static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aPlanOverAHealthyBackend_walksEveryStep_survivesARestart_andCompletes(
      Vertx vertx, @TempDir Path dir) throws Exception {
    TestClock clock = TestClock.atNow();
    AzureGatewayFixture fx = AzureGatewayFixture.start(vertx, dir, ROUTING, "", "", clock);
    try {
      Response started = admin(fx.gw, "PUT", "/plan", TWO_STEPS);
      assertThat(started.status()).as(started.body()).isEqualTo(201);
      assertThat(started.json().getString("state")).isEqualTo("running");
      JsonObject first = awaitPlan(fx.gw, p -> p.getBoolean("applied"));
      assertThat(first.getInteger("step")).isEqualTo(1);
      assertThat(weights(fx.gw)).isEqualTo(new JsonObject().put("v1", 50).put("v2", 50));

      List<String> blobs = wrapMany(fx.gw, 60);
      JsonObject reading = plan(fx.gw).getJsonObject("readings").getJsonObject("v2");
      assertThat(reading.getLong("calls")).isPositive();
      assertThat(reading.getLong("errors")).isZero();

      clock.advance(Duration.ofMinutes(10));
      awaitPlan(fx.gw, p -> p.getInteger("step") == 2 && p.getBoolean("applied"));
      assertThat(weights(fx.gw)).isEqualTo(new JsonObject().put("v1", 0).put("v2", 100));

      // A restart mid-plan: the plan is in the routing file and goes on from step 2.
      fx.gw.close();
      TestGateway again = TestGateway.startWithoutWritingRouting(vertx, dir, clock);
      assertThat(plan(again).getInteger("step")).isEqualTo(2);
      wrapMany(again, 20);
      clock.advance(Duration.ofMinutes(30));
      JsonObject done = awaitPlan(again, p -> p.getString("state").equals("completed"));
      assertThat(done.getString("reason")).isEqualTo("all 2 steps held and passed their gates");
      for (String blob : blobs) {
        assertThat(again.unwrap("cut", blob, null).getString("keyVersion")).isIn("v1", "v2");
      }

      List<String> planMoves = new ArrayList<>();
      for (Object item : auditOf(again)) {
        JsonObject entry = (JsonObject) item;
        if (entry.getString("actor").equals("plan:p1")) {
          planMoves.add(
              entry.getString("action")
                  + " "
                  + entry.getJsonObject("after").getJsonObject("plan").getInteger("step"));
        } else if (entry.getString("action").startsWith("plan-")) {
          planMoves.add(entry.getString("actor") + " " + entry.getString("action"));
        }
      }
      assertThat(planMoves)
          .as("newest first: each step once, by the plan")
          .containsExactly("plan-complete 2", "plan-step 2", "plan-step 1", "ops plan-start");
      assertThat(again.get(again.admin("/metrics")).body())
          .contains("keyshift_plan_step{alias=\"cut\"} 0.0")
          .contains("keyshift_plan_rolled_back{alias=\"cut\"} 0.0");
      again.close();
    } finally {
      fx.keyVault.close();
      fx.managedHsm.close();
    }
  }

  @Test
  void aBackendThatStartsFailing_rollsThePlanBackWithinOneEvaluation(Vertx vertx, @TempDir Path dir)
      throws Exception {
    TestClock clock = TestClock.atNow();
    try (AzureGatewayFixture fx = AzureGatewayFixture.start(vertx, dir, ROUTING, "", "", clock)) {
      assertThat(admin(fx.gw, "PUT", "/plan", TWO_STEPS).status()).isEqualTo(201);
      awaitPlan(fx.gw, p -> p.getBoolean("applied"));

      fx.managedHsm.failNext(403, 100_000);
      int failed = 0;
      for (int i = 0; i < 80; i++) {
        Response wrap = wrap(fx.gw);
        if (wrap.status() == 200) {
          assertThat(wrap.json().getString("keyVersion"))
              .as("only v2's own share fails")
              .isEqualTo("v1");
        } else {
          assertThat(wrap.errorCode()).isIn("BACKEND_ERROR", "BACKEND_UNAVAILABLE");
          failed++;
        }
      }
      assertThat(failed).as("v2 took about half the wraps").isBetween(10, 70);

      clock.advance(Duration.ofSeconds(10)); // one evaluation interval, not the 10-minute hold
      JsonObject back = awaitPlan(fx.gw, p -> p.getString("state").equals("rolled-back"));
      assertThat(back.getString("reason"))
          .startsWith("rolled back: gate maxErrorRatio failed at step 1: v2 failed ");
      assertThat(weights(fx.gw)).isEqualTo(new JsonObject().put("v1", 100).put("v2", 0));
      for (int i = 0; i < 20; i++) {
        Response wrap = wrap(fx.gw);
        assertThat(wrap.status()).isEqualTo(200);
        assertThat(wrap.json().getString("keyVersion")).isEqualTo("v1");
      }
      assertThat(fx.gw.get(fx.gw.admin("/metrics")).body())
          .contains("keyshift_plan_rolled_back{alias=\"cut\"} 1.0");
      JsonObject rollback = (JsonObject) auditOf(fx.gw).getValue(0);
      assertThat(rollback.getString("actor")).isEqualTo("plan:p1");
      assertThat(rollback.getString("action")).isEqualTo("plan-rollback");
    }
  }

  @Test
  void shadowWrapsOnAFailingBackend_leaveClientsUntouched_andAreCounted(
      Vertx vertx, @TempDir Path dir) throws Exception {
    try (AzureGatewayFixture fx = AzureGatewayFixture.start(vertx, dir, ROUTING)) {
      Response shadow =
          fx.gw.request(
              "PUT",
              fx.gw.admin("/admin/v1/aliases/cut/versions/v2/shadow"),
              ADMIN_TOKEN,
              "{\"shadow\": 100}");
      assertThat(shadow.status()).as(shadow.body()).isEqualTo(200);
      fx.managedHsm.failNext(403, 100_000);
      List<String> blobs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Response wrap = wrap(fx.gw);
        assertThat(wrap.status()).isEqualTo(200);
        assertThat(wrap.json().getString("keyVersion")).isEqualTo("v1");
        blobs.add(wrap.json().getString("ciphertext"));
      }
      await().atMost(WAIT).until(() -> shadows(fx.gw, "failure") + shadows(fx.gw, "dropped") == 40);
      assertThat(shadows(fx.gw, "failure")).isPositive();
      assertThat(shadows(fx.gw, "success")).isZero();
      for (String blob : blobs) {
        assertThat(fx.gw.unwrap("cut", blob, null).getString("keyVersion")).isEqualTo("v1");
      }

      fx.managedHsm.failNext(0, 0);
      // The failures opened v2's circuit: shadows fail fast until it closes by itself.
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> wrap(fx.gw).status() == 200 && shadows(fx.gw, "success") > 0);
      assertThat(shadows(fx.gw, "mismatch")).isZero();
      assertThat(fx.gw.get(fx.gw.admin("/admin/v1/aliases/cut/usage")).body())
          .as("shadow wraps are not usage")
          .doesNotContain("\"v2\":{\"wraps\":{\"count\":1");
    }
  }

  @Test
  void aManualWeightChange_pausesTheRunningPlan_andResumeAppliesItsStepAgain(
      Vertx vertx, @TempDir Path dir) throws Exception {
    TestClock clock = TestClock.atNow();
    try (AzureGatewayFixture fx = AzureGatewayFixture.start(vertx, dir, ROUTING, "", "", clock)) {
      assertThat(admin(fx.gw, "PUT", "/plan", TWO_STEPS).status()).isEqualTo(201);
      awaitPlan(fx.gw, p -> p.getBoolean("applied"));
      Response manual = admin(fx.gw, "PUT", "/weights", "{\"weights\": {\"v1\": 90, \"v2\": 10}}");
      assertThat(manual.status()).as(manual.body()).isEqualTo(200);
      JsonObject paused = plan(fx.gw);
      assertThat(paused.getString("state")).isEqualTo("paused");
      assertThat(paused.getString("reason"))
          .isEqualTo("paused: weights or shadows changed by ops; resume applies step 1 again");
      clock.advance(Duration.ofHours(1));
      assertThat(weights(fx.gw))
          .as("a paused plan moves nothing")
          .isEqualTo(new JsonObject().put("v1", 90).put("v2", 10));

      assertThat(admin(fx.gw, "POST", "/plan/resume", null).status()).isEqualTo(200);
      awaitPlan(fx.gw, p -> p.getString("state").equals("running") && p.getBoolean("applied"));
      assertThat(weights(fx.gw)).isEqualTo(new JsonObject().put("v1", 50).put("v2", 50));
      assertThat(admin(fx.gw, "POST", "/plan/pause", null).json().getString("reason"))
          .isEqualTo("paused by ops");
      Response aborted = admin(fx.gw, "DELETE", "/plan", null);
      assertThat(aborted.json().getString("state")).isEqualTo("aborted");
      assertThat(weights(fx.gw).getInteger("v2")).as("an abort leaves the weights").isEqualTo(50);
    }
  }

  @Test
  void invalidPlans_areRefusedWithAClearMessage_andApplyNothing(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (AzureGatewayFixture fx = AzureGatewayFixture.start(vertx, dir, ROUTING)) {
      long revision = alias(fx.gw).getLong("revision");
      assertRefused(
          fx.gw,
          step("{\"v9\": 100}", "10m"),
          422,
          "INVALID_ROUTING",
          "step 1: alias cut has no version v9");
      assertRefused(
          fx.gw,
          step("{\"v1\": 0, \"v2\": 0}", "10m"),
          422,
          "INVALID_ROUTING",
          "step 1: alias cut: weights are all zero");
      assertRefused(
          fx.gw,
          step("{\"v2\": 100}", "5s"),
          422,
          "INVALID_ROUTING",
          "step 1: hold 5s is below the minimum of 10s");
      assertRefused(
          fx.gw,
          step("{\"v2\": 100}", "soon"),
          400,
          "BAD_REQUEST",
          "steps[0].hold: hold 'soon' must be a whole number of s, m or h, like 10m");
      assertRefused(fx.gw, "{\"steps\": []}", 400, "BAD_REQUEST", null);
      assertRefused(fx.gw, "{\"steps\": [1], \"extra\": 2}", 400, "BAD_REQUEST", null);
      assertThat(alias(fx.gw).getLong("revision")).as("nothing applied").isEqualTo(revision);
      assertThat(admin(fx.gw, "GET", "/plan", null).status()).isEqualTo(404);

      assertThat(admin(fx.gw, "PUT", "/plan", TWO_STEPS).status()).isEqualTo(201);
      assertRefused(
          fx.gw,
          TWO_STEPS.replace("p1", "p2"),
          422,
          "INVALID_ROUTING",
          "alias cut already has plan p1 (running): abort it first");
    }
  }

  private static void assertRefused(
      TestGateway gw, String body, int status, String code, String message) {
    Response refused = admin(gw, "PUT", "/plan", body);
    assertThat(refused.status()).as(refused.body()).isEqualTo(status);
    assertThat(refused.errorCode()).isEqualTo(code);
    if (message != null) {
      assertThat(refused.errorMessage()).isEqualTo(message);
    }
  }

  private static String step(String weights, String hold) {
    return "{\"steps\": [{\"weights\": " + weights + ", \"hold\": \"" + hold + "\"}]}";
  }

  static Response admin(TestGateway gw, String method, String path, String body) {
    return gw.request(method, gw.admin("/admin/v1/aliases/cut" + path), ADMIN_TOKEN, body);
  }

  static JsonObject plan(TestGateway gw) {
    Response plan = admin(gw, "GET", "/plan", null);
    assertThat(plan.status()).as(plan.body()).isEqualTo(200);
    return plan.json();
  }

  static JsonObject awaitPlan(TestGateway gw, Predicate<JsonObject> until) {
    await().atMost(WAIT).until(() -> until.test(plan(gw)));
    return plan(gw);
  }

  static JsonObject alias(TestGateway gw) {
    return admin(gw, "GET", "", null).json();
  }

  static JsonObject weights(TestGateway gw) {
    JsonObject weights = new JsonObject();
    for (Object version : alias(gw).getJsonArray("versions")) {
      JsonObject v = (JsonObject) version;
      weights.put(v.getString("id"), v.getInteger("weight"));
    }
    return weights;
  }

  static JsonArray auditOf(TestGateway gw) {
    return gw.request("GET", gw.admin("/admin/v1/audit?limit=100"), ADMIN_TOKEN, null)
        .json()
        .getJsonArray("entries");
  }

  static Response wrap(TestGateway gw) {
    return gw.post(
        "/v1/keys/cut/wrap",
        ALL_TOKEN,
        "{\"plaintext\": \"" + TestGateway.b64(new byte[32]) + "\"}");
  }

  static List<String> wrapMany(TestGateway gw, int count) {
    List<String> blobs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Response wrap = wrap(gw);
      assertThat(wrap.status()).as(wrap.body()).isEqualTo(200);
      blobs.add(wrap.json().getString("ciphertext"));
    }
    return blobs;
  }

  static long shadows(TestGateway gw, String outcome) {
    String metrics = gw.get(gw.admin("/metrics")).body();
    String prefix =
        "keyshift_shadow_total{alias=\"cut\",outcome=\"" + outcome + "\",version=\"v2\"} ";
    return metrics
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(prefix.length())))
        .sum();
  }
}
