package dev.keyshift.gateway.store;

import dev.keyshift.routing.Plan;
import dev.keyshift.routing.PlanGates;
import dev.keyshift.routing.PlanState;
import dev.keyshift.routing.PlanStep;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plan as the admin API shows it and the audit log records it: {@code {"id", "state", "step",
 * "applied", "window", "stepStartedAt"?, "reason"?, "startedBy", "startedAt", "gates":
 * {"maxErrorRatio", "maxP99Ms"?, "minCalls"}, "startWeights", "startShadows", "steps": [{"weights",
 * "shadows", "hold"}]}}.
 */
public final class PlanJson {
  private PlanJson() {}

  public static JsonObject of(Plan plan) {
    JsonArray steps = new JsonArray();
    for (PlanStep step : plan.steps()) {
      steps.add(
          new JsonObject()
              .put("weights", numbers(step.weights()))
              .put("shadows", numbers(step.shadows()))
              .put("hold", PlanStep.formatHold(step.hold())));
    }
    JsonObject json =
        new JsonObject()
            .put("id", plan.id())
            .put("state", plan.state().wireName())
            .put("step", plan.step())
            .put("applied", plan.applied())
            .put("window", plan.window());
    if (plan.stepStartedAt() != null) {
      json.put("stepStartedAt", plan.stepStartedAt().toString());
    }
    if (plan.reason() != null) {
      json.put("reason", plan.reason());
    }
    return json.put("startedBy", plan.startedBy())
        .put("startedAt", plan.startedAt().toString())
        .put("gates", gates(plan.gates()))
        .put("startWeights", numbers(plan.startWeights()))
        .put("startShadows", numbers(plan.startShadows()))
        .put("steps", steps);
  }

  public static JsonObject gates(PlanGates gates) {
    JsonObject json = new JsonObject().put("maxErrorRatio", gates.maxErrorRatio());
    if (gates.maxP99Millis() != null) {
      json.put("maxP99Ms", gates.maxP99Millis());
    }
    return json.put("minCalls", gates.minCalls());
  }

  /** The plan a JSON object of {@link #of} describes (as an audit entry recorded it). */
  static Plan parse(JsonObject json) {
    List<PlanStep> steps = new ArrayList<>();
    for (Object item : json.getJsonArray("steps")) {
      JsonObject step = (JsonObject) item;
      steps.add(
          new PlanStep(
              ints(step.getJsonObject("weights")),
              ints(step.getJsonObject("shadows")),
              PlanStep.parseHold(step.getString("hold"))));
    }
    JsonObject gates = json.getJsonObject("gates");
    String stepStartedAt = json.getString("stepStartedAt");
    return new Plan(
        json.getString("id"),
        steps,
        new PlanGates(
            gates.getDouble("maxErrorRatio"), gates.getLong("maxP99Ms"), gates.getLong("minCalls")),
        ints(json.getJsonObject("startWeights")),
        ints(json.getJsonObject("startShadows")),
        PlanState.fromWireName(json.getString("state")).orElseThrow(),
        json.getInteger("step"),
        json.getBoolean("applied"),
        json.getInteger("window"),
        stepStartedAt == null ? null : Instant.parse(stepStartedAt),
        json.getString("reason"),
        json.getString("startedBy"),
        Instant.parse(json.getString("startedAt")));
  }

  private static JsonObject numbers(Map<String, Integer> values) {
    return new JsonObject(new TreeMap<String, Object>(values));
  }

  private static Map<String, Integer> ints(JsonObject json) {
    Map<String, Integer> values = new TreeMap<>();
    json.forEach(entry -> values.put(entry.getKey(), ((Number) entry.getValue()).intValue()));
    return values;
  }
}
