package dev.keyshift.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CutoverTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  static final PlanGates GATES = new PlanGates(0.01, 250L, 100);
  static final List<PlanStep> STEPS =
      List.of(
          new PlanStep(Map.of("v1", 90, "v2", 10), Map.of(), Duration.ofMinutes(10)),
          new PlanStep(Map.of("v2", 100), Map.of(), Duration.ofMinutes(10)));

  static Alias started() {
    return Cutover.start(Fixtures.alias("orders", 100, 0), "p1", STEPS, GATES, "ops", T0);
  }

  @Test
  void aStartedPlan_changesNoWeight_untilItsRunnerAppliesTheFirstStep() {
    Alias alias = started();
    assertThat(alias.revision()).isEqualTo(Alias.FIRST_REVISION + 1);
    assertThat(alias.version("v2").orElseThrow().weight()).isZero();
    assertThat(alias.plan().applied()).isFalse();
    assertThat(alias.plan().startWeights()).isEqualTo(Map.of("v1", 100, "v2", 0));

    Alias applied = Cutover.applyPending(alias, T0);
    assertThat(applied.version("v2").orElseThrow().weight()).isEqualTo(10);
    assertThat(applied.plan().applied()).isTrue();
    assertThat(applied.plan().window()).isEqualTo(1);
    assertThat(applied.plan().holdEndsAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(applied.plan().gatedVersions()).containsExactly("v2");
  }

  @Test
  void gates_waitForTheHoldAndForEnoughCalls_thenAdvance_thenComplete() {
    Alias alias = Cutover.applyPending(started(), T0);
    Plan plan = alias.plan();
    Map<String, CallTally> healthy = Map.of("v2", tally(500, 1, 2_000));
    assertThat(Cutover.judge(plan, healthy, T0.plusSeconds(30)).decision())
        .isEqualTo(Cutover.Decision.WAIT);
    Cutover.Verdict few = Cutover.judge(plan, Map.of("v2", tally(37, 0, 2_000)), end(plan));
    assertThat(few.decision()).isEqualTo(Cutover.Decision.WAIT);
    assertThat(few.reason()).contains("v2 has 37 of 100 calls");
    assertThat(Cutover.judge(plan, healthy, end(plan)).decision())
        .isEqualTo(Cutover.Decision.ADVANCE);

    Alias second = Cutover.advance(alias, end(plan));
    assertThat(second.plan().step()).isEqualTo(2);
    assertThat(second.plan().window()).isEqualTo(2);
    assertThat(second.version("v1").orElseThrow().weight()).isZero();
    Alias done = Cutover.advance(second, end(second.plan()));
    assertThat(done.plan().state()).isEqualTo(PlanState.COMPLETED);
    assertThat(done.version("v2").orElseThrow().weight()).isEqualTo(100);
  }

  @Test
  void aFailingGate_rollsBackBeforeTheHoldEnds_andNamesTheGate() {
    Alias alias = Cutover.applyPending(started(), T0);
    Cutover.Verdict errors =
        Cutover.judge(alias.plan(), Map.of("v2", tally(200, 30, 2_000)), T0.plusSeconds(10));
    assertThat(errors.decision()).isEqualTo(Cutover.Decision.ROLL_BACK);
    assertThat(errors.reason())
        .isEqualTo(
            "gate maxErrorRatio failed at step 1: v2 failed 30 of 200 calls (0.1500 > 0.01)");
    Cutover.Verdict slow =
        Cutover.judge(alias.plan(), Map.of("v2", tally(200, 0, 900_000)), T0.plusSeconds(10));
    assertThat(slow.reason()).startsWith("gate maxP99Ms failed at step 1: v2 p99 ");

    Alias back = Cutover.rollBack(alias, errors.reason());
    assertThat(back.plan().state()).isEqualTo(PlanState.ROLLED_BACK);
    assertThat(back.plan().reason()).isEqualTo("rolled back: " + errors.reason());
    assertThat(back.version("v1").orElseThrow().weight()).isEqualTo(100);
    assertThat(back.version("v2").orElseThrow().weight()).isZero();
  }

  @Test
  void aManualWeightChange_pausesTheRunningPlan_andResumeAppliesTheStepAgain() {
    Alias running = Cutover.applyPending(started(), T0);
    Alias manual = AliasChanges.setWeights(running, Map.of("v1", 50, "v2", 50));
    Alias paused = Cutover.afterChange(running, manual, "ops");
    assertThat(paused.plan().state()).isEqualTo(PlanState.PAUSED);
    assertThat(paused.plan().reason()).contains("changed by ops");
    assertThat(Cutover.afterChange(running, manual, running.plan().actor()).plan().state())
        .as("the plan's own changes do not pause it")
        .isEqualTo(PlanState.RUNNING);

    Alias added =
        AliasChanges.addVersion(running, KeyVersion.added("v3", "dev", "k3", Algorithm.A256KW));
    assertThat(Cutover.afterChange(running, added, "ops").plan().state())
        .as("a version added at weight 0 moves no traffic")
        .isEqualTo(PlanState.RUNNING);

    Alias resumed = Cutover.resume(paused);
    assertThat(resumed.plan().isRunning()).isTrue();
    assertThat(resumed.plan().applied()).isFalse();
    Alias again = Cutover.applyPending(resumed, T0.plusSeconds(60));
    assertThat(again.version("v2").orElseThrow().weight()).isEqualTo(10);
    assertThat(again.plan().window()).as("a new hold, counted afresh").isEqualTo(2);
  }

  @Test
  void invalidPlans_areRefused_namingTheProblem() {
    Alias alias = Fixtures.alias("orders", 100, 0);
    assertThatThrownBy(() -> start(alias, new PlanStep(Map.of("v9", 1), Map.of(), hold(60))))
        .hasMessage("step 1: alias orders has no version v9");
    assertThatThrownBy(() -> start(alias, new PlanStep(Map.of("v1", 0), Map.of(), hold(60))))
        .hasMessage("step 1: alias orders: weights are all zero");
    assertThatThrownBy(() -> start(alias, new PlanStep(Map.of("v2", 1), Map.of(), hold(9))))
        .hasMessage("step 1: hold 9s is below the minimum of 10s");
    Alias disabled = AliasChanges.setState(alias, "v2", VersionState.DISABLED);
    assertThatThrownBy(() -> start(disabled, new PlanStep(Map.of("v2", 1), Map.of(), hold(60))))
        .hasMessage("step 1: version v2 is disabled");
    assertThatThrownBy(() -> Cutover.start(started(), "p2", STEPS, GATES, "ops", T0))
        .hasMessage("alias orders already has plan p1 (running): abort it first");
    assertThatThrownBy(() -> new PlanGates(1.5, null, 1)).hasMessageContaining("maxErrorRatio");
    assertThatThrownBy(() -> PlanStep.parseHold("10 minutes")).hasMessageContaining("like 10m");
  }

  @Test
  void shadowSteps_gateTheShadowedVersion_andAreClearedByRollBack() {
    Alias alias = Fixtures.alias("orders", 100, 0);
    PlanStep shadow = new PlanStep(Map.of("v1", 100), Map.of("v2", 50), hold(60));
    Alias applied =
        Cutover.applyPending(Cutover.start(alias, "p1", List.of(shadow), GATES, "ops", T0), T0);
    assertThat(applied.version("v2").orElseThrow().shadow()).isEqualTo(50);
    assertThat(applied.plan().gatedVersions()).containsExactly("v2");
    assertThat(Cutover.rollBack(applied, "x").version("v2").orElseThrow().shadow()).isZero();
  }

  @Test
  void evaluations_fallEveryIntervalFromTheHoldsStart_andAtItsEnd() {
    Plan plan = Cutover.applyPending(started(), T0).plan();
    assertThat(plan.nextEvaluation(T0)).isEqualTo(T0.plusSeconds(10));
    assertThat(plan.nextEvaluation(T0.plusSeconds(15))).isEqualTo(T0.plusSeconds(20));
    assertThat(plan.nextEvaluation(T0.plusSeconds(595))).isEqualTo(T0.plusSeconds(600));
  }

  @Test
  void tallies_addUp_andGiveAConservativeP99() {
    CallTally a = tally(99, 0, 1_000);
    CallTally b = tally(1, 1, 50_000);
    CallTally sum = new CallTally().add(a).add(b);
    assertThat(sum.calls()).isEqualTo(100);
    assertThat(sum.errors()).isEqualTo(1);
    assertThat(sum.p99Millis()).isBetween(1.0, 1.19);
    assertThat(tally(100, 0, 50_000).p99Millis()).isBetween(50.0, 59.5);
    assertThat(new CallTally().p99Millis()).isZero();
  }

  private static Alias start(Alias alias, PlanStep step) {
    return Cutover.start(alias, "p1", List.of(step), GATES, "ops", T0);
  }

  private static Duration hold(long seconds) {
    return Duration.ofSeconds(seconds);
  }

  private static Instant end(Plan plan) {
    return plan.holdEndsAt();
  }

  private static CallTally tally(long calls, long errors, long micros) {
    return new CallTally().add(CallTally.bucketOf(micros), calls, errors);
  }
}
