package dev.keyshift.routing.file;

import dev.keyshift.routing.InvalidRoutingException;
import dev.keyshift.routing.Plan;
import dev.keyshift.routing.PlanGates;
import dev.keyshift.routing.PlanState;
import dev.keyshift.routing.PlanStep;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An alias's plan as the routing file holds it (written by keyshift, part of the persisted format):
 *
 * <pre>
 *     plan:
 *       id: p-1
 *       state: running
 *       step: 2
 *       applied: true
 *       window: 2
 *       step-started-at: "2026-12-01T10:00:00Z"
 *       started-by: "ops"
 *       started-at: "2026-12-01T09:50:00Z"
 *       reason: "..."                       # absent while running
 *       gates: { max-error-ratio: 0.01, max-p99-ms: 250, min-calls: 100 }
 *       start-weights: { v1: 100, v2: 0 }
 *       start-shadows: { v1: 0, v2: 0 }
 *       steps:
 *         - { weights: { v1: 95, v2: 5 }, shadows: { v2: 100 }, hold: 10m }
 * </pre>
 */
record PlanEntry(
    String id,
    PlanState state,
    Integer step,
    Boolean applied,
    Integer window,
    String stepStartedAt,
    String startedBy,
    String startedAt,
    String reason,
    GatesEntry gates,
    Map<String, Integer> startWeights,
    Map<String, Integer> startShadows,
    List<StepEntry> steps) {

  PlanEntry {
    FieldProblem.requiredText(id, "id");
    FieldProblem.required(state, "state");
    FieldProblem.requiredInt(step, "step", 1, Integer.MAX_VALUE);
    FieldProblem.required(applied, "applied");
    FieldProblem.requiredInt(window, "window", 0, Integer.MAX_VALUE);
    FieldProblem.requiredText(startedBy, "started-by");
    FieldProblem.required(gates, "gates");
    FieldProblem.required(startWeights, "start-weights");
    FieldProblem.required(startShadows, "start-shadows");
    FieldProblem.check(steps != null && !steps.isEmpty(), "steps", "must list at least one step");
    for (int i = 0; i < steps.size(); i++) {
      // An empty list item ("- " alone) binds to null.
      FieldProblem.check(
          steps.get(i) != null, "steps[" + i + "]", "must be a mapping with weights and hold");
    }
    instant(startedAt, "started-at");
    if (stepStartedAt != null) {
      instant(stepStartedAt, "step-started-at");
    }
  }

  /**
   * Fails unless every version the plan names is one of {@code versionIds}: a plan read back must
   * move only the alias's own versions, and what the gateway writes must read back.
   */
  void checkVersionsNamed(Set<String> versionIds) {
    onlyVersions(startWeights, versionIds, "plan.start-weights");
    onlyVersions(startShadows, versionIds, "plan.start-shadows");
    for (int i = 0; i < steps.size(); i++) {
      onlyVersions(steps.get(i).weights(), versionIds, "plan.steps[" + i + "].weights");
      onlyVersions(steps.get(i).shadows(), versionIds, "plan.steps[" + i + "].shadows");
    }
  }

  private static void onlyVersions(
      Map<String, Integer> shares, Set<String> versionIds, String field) {
    if (shares == null) {
      return;
    }
    shares.forEach(
        (id, share) -> {
          FieldProblem.check(
              versionIds.contains(id),
              field,
              "names "
                  + (id.isEmpty() ? "an empty version id" : "version " + id)
                  + ", which the alias does not have");
          FieldProblem.check(share != null, field, "gives version " + id + " no number");
        });
  }

  record GatesEntry(Double maxErrorRatio, Long maxP99Ms, Long minCalls) {
    GatesEntry {
      FieldProblem.required(maxErrorRatio, "max-error-ratio");
      FieldProblem.required(minCalls, "min-calls");
    }
  }

  record StepEntry(Map<String, Integer> weights, Map<String, Integer> shadows, String hold) {
    StepEntry {
      FieldProblem.required(weights, "weights");
      FieldProblem.requiredText(hold, "hold");
      try {
        PlanStep.parseHold(hold);
      } catch (InvalidRoutingException e) {
        throw new FieldProblem("hold", e.getMessage());
      }
    }
  }

  Plan toPlan() {
    List<PlanStep> planSteps = new ArrayList<>();
    steps.forEach(
        s -> planSteps.add(new PlanStep(s.weights(), s.shadows(), PlanStep.parseHold(s.hold()))));
    return new Plan(
        id,
        planSteps,
        new PlanGates(gates.maxErrorRatio(), gates.maxP99Ms(), gates.minCalls()),
        startWeights,
        startShadows,
        state,
        step,
        applied,
        window,
        stepStartedAt == null ? null : instant(stepStartedAt, "step-started-at"),
        reason,
        startedBy,
        instant(startedAt, "started-at"));
  }

  static void write(Plan plan, StringBuilder out) {
    String in = "      ";
    out.append("    plan:\n");
    out.append(in).append("id: ").append(plan.id()).append('\n');
    out.append(in).append("state: ").append(plan.state().wireName()).append('\n');
    out.append(in).append("step: ").append(plan.step()).append('\n');
    out.append(in).append("applied: ").append(plan.applied()).append('\n');
    out.append(in).append("window: ").append(plan.window()).append('\n');
    if (plan.stepStartedAt() != null) {
      out.append(in).append("step-started-at: ").append(quoted(plan.stepStartedAt())).append('\n');
    }
    out.append(in).append("started-by: ").append(RoutingFile.quote(plan.startedBy())).append('\n');
    out.append(in).append("started-at: ").append(quoted(plan.startedAt())).append('\n');
    if (plan.reason() != null) {
      out.append(in).append("reason: ").append(RoutingFile.quote(plan.reason())).append('\n');
    }
    PlanGates gates = plan.gates();
    out.append(in).append("gates: { max-error-ratio: ").append(gates.maxErrorRatio());
    if (gates.maxP99Millis() != null) {
      out.append(", max-p99-ms: ").append(gates.maxP99Millis());
    }
    out.append(", min-calls: ").append(gates.minCalls()).append(" }\n");
    out.append(in).append("start-weights: ").append(flow(plan.startWeights())).append('\n');
    out.append(in).append("start-shadows: ").append(flow(plan.startShadows())).append('\n');
    out.append(in).append("steps:\n");
    for (PlanStep step : plan.steps()) {
      out.append(in).append("  - { weights: ").append(flow(step.weights()));
      out.append(", shadows: ").append(flow(step.shadows()));
      out.append(", hold: ").append(PlanStep.formatHold(step.hold())).append(" }\n");
    }
  }

  private static String flow(Map<String, Integer> values) {
    StringBuilder out = new StringBuilder("{");
    values.forEach(
        (key, value) ->
            out.append(out.length() == 1 ? " " : ", ").append(key).append(": ").append(value));
    return out.append(out.length() == 1 ? "}" : " }").toString();
  }

  private static String quoted(Instant instant) {
    return "\"" + instant + "\"";
  }

  private static Instant instant(String text, String field) {
    FieldProblem.requiredText(text, field);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new FieldProblem(field, "must be a UTC time like 2026-12-01T10:00:00Z");
    }
  }
}
