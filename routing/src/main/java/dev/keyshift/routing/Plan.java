package dev.keyshift.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A progressive cutover of one alias: steps of weights and shadows, each held and then judged by
 * gates on the backend calls of the versions it moved traffic to. A plan is part of its alias's
 * routing, so every step is one audited, compare-and-set routing change, and a plan survives
 * restarts and moves between replicas with the routing. {@link Cutover} holds the transitions.
 *
 * @param id the plan's id; its routing changes are made by actor {@code plan:{id}}
 * @param steps the steps, in order
 * @param gates what each step must show
 * @param startWeights every version's weight when the plan started: what a rollback restores
 * @param startShadows every version's shadow share when the plan started
 * @param state where the plan is
 * @param step the step in force, or to be applied next when {@code applied} is false (1-based)
 * @param applied whether {@code step}'s weights are in force and its hold is running
 * @param window counts the holds begun; the gates read the calls counted in the current one
 * @param stepStartedAt when the current hold began (null before the first step)
 * @param reason why the plan is paused, rolled back, aborted or complete (null while it runs)
 * @param startedBy who started it (a token name)
 * @param startedAt when
 */
public record Plan(
    String id,
    List<PlanStep> steps,
    PlanGates gates,
    Map<String, Integer> startWeights,
    Map<String, Integer> startShadows,
    PlanState state,
    int step,
    boolean applied,
    int window,
    Instant stepStartedAt,
    String reason,
    String startedBy,
    Instant startedAt) {

  /** How often a running step's gates are read between the start and the end of its hold. */
  public static final Duration EVALUATION_INTERVAL = Duration.ofSeconds(10);

  public Plan {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(gates, "gates");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    steps = List.copyOf(steps);
    startWeights = Collections.unmodifiableMap(new TreeMap<>(startWeights));
    startShadows = Collections.unmodifiableMap(new TreeMap<>(startShadows));
    if (!Ids.isValid(id)) {
      throw new InvalidRoutingException("plan id '" + id + "' is not valid");
    }
    if (steps.isEmpty()) {
      throw new InvalidRoutingException("a plan needs at least one step");
    }
    if (step < 1 || step > steps.size()) {
      throw new InvalidRoutingException("plan " + id + ": no step " + step);
    }
    if (applied && stepStartedAt == null) {
      throw new InvalidRoutingException("plan " + id + ": an applied step needs its start time");
    }
  }

  /**
   * A new plan for {@code alias}, refused unless every step can be applied to it as it is.
   *
   * @throws InvalidRoutingException naming the step and the problem
   */
  public static Plan start(
      String id, Alias alias, List<PlanStep> steps, PlanGates gates, String actor, Instant now) {
    if (alias.plan() != null && alias.plan().state().isActive()) {
      throw new InvalidRoutingException(
          "alias "
              + alias.name()
              + " already has plan "
              + alias.plan().id()
              + " ("
              + alias.plan().state().wireName()
              + "): abort it first");
    }
    if (steps.isEmpty()) {
      throw new InvalidRoutingException("a plan needs at least one step");
    }
    Map<String, Integer> weights = new TreeMap<>();
    Map<String, Integer> shadows = new TreeMap<>();
    for (KeyVersion version : alias.versions()) {
      weights.put(version.id(), version.weight());
      shadows.put(version.id(), version.shadow());
    }
    for (int i = 0; i < steps.size(); i++) {
      checkStep(alias, i + 1, steps.get(i));
    }
    return new Plan(
        id, steps, gates, weights, shadows, PlanState.RUNNING, 1, false, 0, null, null, actor, now);
  }

  private static void checkStep(Alias alias, int number, PlanStep step) {
    String where = "step " + number + ": ";
    if (step.hold().compareTo(PlanStep.MIN_HOLD) < 0) {
      throw new InvalidRoutingException(
          where + "hold " + step.hold().toSeconds() + "s is below the minimum of 10s");
    }
    Set<String> named = new TreeSet<>(step.weights().keySet());
    named.addAll(step.shadows().keySet());
    for (String id : named) {
      KeyVersion version =
          alias
              .version(id)
              .orElseThrow(
                  () ->
                      new InvalidRoutingException(
                          where + "alias " + alias.name() + " has no version " + id));
      boolean used = step.weightOf(id) > 0 || step.shadowOf(id) > 0;
      if (used && !version.isEnabled()) {
        throw new InvalidRoutingException(where + "version " + id + " is disabled");
      }
    }
    try {
      Cutover.routed(alias, step);
    } catch (InvalidRoutingException e) {
      throw new InvalidRoutingException(where + e.getMessage());
    }
  }

  /** The actor of the plan's own routing changes. */
  public String actor() {
    return "plan:" + id;
  }

  public PlanStep current() {
    return steps.get(step - 1);
  }

  public boolean isLastStep() {
    return step == steps.size();
  }

  /** Whether the plan's runner has work: applying a step or judging one. */
  public boolean isRunning() {
    return state == PlanState.RUNNING;
  }

  /** Where the current hold's calls are counted: one tally per plan and hold. */
  public String windowKey() {
    return id + "#" + window;
  }

  /**
   * The versions the current step's gates judge: those given more weight than at the plan's start,
   * and those given shadow wraps.
   */
  public Set<String> gatedVersions() {
    Set<String> gated = new TreeSet<>();
    PlanStep current = current();
    current
        .weights()
        .forEach(
            (version, weight) -> {
              if (weight > startWeights.getOrDefault(version, 0)) {
                gated.add(version);
              }
            });
    current
        .shadows()
        .forEach(
            (version, shadow) -> {
              if (shadow > 0) {
                gated.add(version);
              }
            });
    return gated;
  }

  /** When the current step's hold ends; null unless a step is applied. */
  public Instant holdEndsAt() {
    return applied ? stepStartedAt.plus(current().hold()) : null;
  }

  /**
   * When the gates are read next after {@code now}: every {@link #EVALUATION_INTERVAL} from the
   * hold's start, and at its end; null unless the plan runs with a step applied.
   */
  public Instant nextEvaluation(Instant now) {
    if (!isRunning() || !applied) {
      return null;
    }
    Instant end = holdEndsAt();
    if (!now.isBefore(end)) {
      return now;
    }
    long interval = EVALUATION_INTERVAL.toMillis();
    long elapsed = Math.max(0, now.toEpochMilli() - stepStartedAt.toEpochMilli());
    Instant next = stepStartedAt.plusMillis((elapsed / interval + 1) * interval);
    return next.isBefore(end) ? next : end;
  }

  /** This plan moved to {@code newState} with {@code why}, its step as it is. */
  Plan in(PlanState newState, String why) {
    return with(newState, step, applied, window, stepStartedAt, why);
  }

  /** This plan running with step {@code number} about to be applied (on start and resume). */
  Plan pending(int number) {
    return with(PlanState.RUNNING, number, false, window, stepStartedAt, null);
  }

  /** This plan with step {@code number} in force and a new hold begun at {@code now}. */
  Plan holding(int number, Instant now) {
    return with(PlanState.RUNNING, number, true, window + 1, now, null);
  }

  private Plan with(
      PlanState newState,
      int newStep,
      boolean newApplied,
      int newWindow,
      Instant newStepStartedAt,
      String newReason) {
    return new Plan(
        id,
        steps,
        gates,
        startWeights,
        startShadows,
        newState,
        newStep,
        newApplied,
        newWindow,
        newStepStartedAt,
        newReason,
        startedBy,
        startedAt);
  }
}
