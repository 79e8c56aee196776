package dev.keyshift.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plan's transitions, as pure functions of its alias: each returns the alias with its plan (and,
 * where the plan moves traffic, its weights and shadows) changed and its revision bumped, so that
 * every transition is one audited, compare-and-set routing change.
 */
public final class Cutover {
  private Cutover() {}

  /** What the gates say of a running step. */
  public enum Decision {
    /** Hold on: the hold is not over, or a gated version has too few calls to judge. */
    WAIT,
    /** Every gate passed at the end of the hold: apply the next step, or complete. */
    ADVANCE,
    /** A gate failed: put the weights from before the plan back and stop. */
    ROLL_BACK
  }

  /** A decision and what it rests on, in words an operator reads in the plan's status. */
  public record Verdict(Decision decision, String reason) {}

  /**
   * Starts a plan; its first step is applied by the plan's runner, as the plan's own change.
   *
   * @throws InvalidRoutingException when the alias has an active plan or a step cannot apply
   */
  public static Alias start(
      Alias alias, String id, List<PlanStep> steps, PlanGates gates, String actor, Instant now) {
    return bumped(alias.withPlan(Plan.start(id, alias, steps, gates, actor, now)));
  }

  /** Puts the pending step's weights and shadows in force and begins its hold. */
  public static Alias applyPending(Alias alias, Instant now) {
    Plan plan = running(alias);
    return bumped(routed(alias, plan.current()).withPlan(plan.holding(plan.step(), now)));
  }

  /** After a step passed its gates: the next step in force, or the plan complete. */
  public static Alias advance(Alias alias, Instant now) {
    Plan plan = running(alias);
    if (plan.isLastStep()) {
      return bumped(
          alias.withPlan(
              plan.in(
                  PlanState.COMPLETED,
                  "all " + plan.steps().size() + " steps held and passed their gates")));
    }
    int next = plan.step() + 1;
    return bumped(routed(alias, plan.steps().get(next - 1)).withPlan(plan.holding(next, now)));
  }

  /** Puts back the weights and shadows in force before the plan, and stops it with why. */
  public static Alias rollBack(Alias alias, String reason) {
    Plan plan = running(alias);
    return bumped(
        restored(alias, plan).withPlan(plan.in(PlanState.ROLLED_BACK, "rolled back: " + reason)));
  }

  /** Stops the plan from moving until it is resumed. */
  public static Alias pause(Alias alias, String reason) {
    Plan plan = active(alias);
    if (plan.state() == PlanState.PAUSED) {
      throw new InvalidRoutingException("plan " + plan.id() + " is already paused");
    }
    return bumped(alias.withPlan(plan.in(PlanState.PAUSED, reason)));
  }

  /** Resumes a paused plan: its current step is applied again and held from the start. */
  public static Alias resume(Alias alias) {
    Plan plan = active(alias);
    if (plan.state() != PlanState.PAUSED) {
      throw new InvalidRoutingException("plan " + plan.id() + " is not paused");
    }
    return bumped(alias.withPlan(plan.pending(plan.step())));
  }

  /** Stops the plan for good; the weights in force stay. */
  public static Alias abort(Alias alias, String actor) {
    Plan plan = active(alias);
    return bumped(
        alias.withPlan(
            plan.in(PlanState.ABORTED, "aborted by " + actor + " at step " + plan.step())));
  }

  /**
   * A change not made by the plan that moves traffic while it runs pauses it: the plan never
   * overrides an operator.
   */
  public static Alias afterChange(Alias before, Alias after, String actor) {
    Plan plan = after.plan();
    if (plan == null
        || !plan.isRunning()
        || actor.equals(plan.actor())
        || after.sameTrafficAs(before)) {
      return after;
    }
    return after.withPlan(
        plan.in(
            PlanState.PAUSED,
            "paused: weights or shadows changed by "
                + actor
                + "; resume applies step "
                + plan.step()
                + " again"));
  }

  /**
   * Judges a running, applied step.
   *
   * @param tallies the calls of each gated version in the current hold
   */
  public static Verdict judge(Plan plan, Map<String, CallTally> tallies, Instant now) {
    PlanGates gates = plan.gates();
    List<String> short_ = new ArrayList<>();
    for (String version : plan.gatedVersions()) {
      CallTally tally = tallies.getOrDefault(version, new CallTally());
      if (tally.calls() < gates.minCalls()) {
        short_.add(version + " has " + tally.calls() + " of " + gates.minCalls() + " calls");
        continue;
      }
      if (tally.errorRatio() > gates.maxErrorRatio()) {
        return new Verdict(
            Decision.ROLL_BACK,
            String.format(
                Locale.ROOT,
                "gate maxErrorRatio failed at step %d: %s failed %d of %d calls (%.4f > %s)",
                plan.step(),
                version,
                tally.errors(),
                tally.calls(),
                tally.errorRatio(),
                gates.maxErrorRatio()));
      }
      if (gates.maxP99Millis() != null && tally.p99Millis() > gates.maxP99Millis()) {
        return new Verdict(
            Decision.ROLL_BACK,
            String.format(
                Locale.ROOT,
                "gate maxP99Ms failed at step %d: %s p99 %.1f ms > %d ms over %d calls",
                plan.step(),
                version,
                tally.p99Millis(),
                gates.maxP99Millis(),
                tally.calls()));
      }
    }
    if (now.isBefore(plan.holdEndsAt())) {
      return new Verdict(
          Decision.WAIT, "holding step " + plan.step() + " until " + plan.holdEndsAt());
    }
    if (!short_.isEmpty()) {
      return new Verdict(
          Decision.WAIT,
          "hold over, waiting for calls (gate minCalls): " + String.join(", ", short_));
    }
    return new Verdict(Decision.ADVANCE, "step " + plan.step() + " passed its gates");
  }

  /**
   * The alias as each step of its plan would route it, in order: for rules the routing must keep at
   * every step (checked when a plan starts, before any step is applied).
   */
  public static List<Alias> stepRoutings(Alias alias) {
    List<Alias> routings = new ArrayList<>();
    if (alias.plan() != null) {
      for (PlanStep step : alias.plan().steps()) {
        routings.add(routed(alias, step));
      }
    }
    return routings;
  }

  /** The alias with a step's weights and shadows; validated as every alias is. */
  static Alias routed(Alias alias, PlanStep step) {
    List<KeyVersion> versions = new ArrayList<>();
    for (KeyVersion version : alias.versions()) {
      versions.add(
          version.withWeight(step.weightOf(version.id())).withShadow(step.shadowOf(version.id())));
    }
    return alias.withVersions(versions);
  }

  private static Alias restored(Alias alias, Plan plan) {
    List<KeyVersion> versions = new ArrayList<>();
    for (KeyVersion version : alias.versions()) {
      versions.add(
          version
              .withWeight(plan.startWeights().getOrDefault(version.id(), 0))
              .withShadow(plan.startShadows().getOrDefault(version.id(), 0)));
    }
    return alias.withVersions(versions);
  }

  private static Plan active(Alias alias) {
    Plan plan = alias.plan();
    if (plan == null || !plan.state().isActive()) {
      throw new InvalidRoutingException(
          "alias "
              + alias.name()
              + (plan == null
                  ? " has no plan"
                  : " has no active plan (plan "
                      + plan.id()
                      + " is "
                      + plan.state().wireName()
                      + ")"));
    }
    return plan;
  }

  private static Plan running(Alias alias) {
    Plan plan = active(alias);
    if (!plan.isRunning()) {
      throw new InvalidRoutingException("plan " + plan.id() + " is " + plan.state().wireName());
    }
    return plan;
  }

  private static Alias bumped(Alias alias) {
    return alias.withRevision(alias.revision() + 1);
  }
}
