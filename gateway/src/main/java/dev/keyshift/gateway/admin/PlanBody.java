package dev.keyshift.gateway.admin;

import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.routing.InvalidRoutingException;
import dev.keyshift.routing.PlanGates;
import dev.keyshift.routing.PlanStep;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code PUT /admin/v1/aliases/{alias}/plan}: {@code {"id"?, "steps": [{"weights",
 * "shadows"?, "hold"}], "gates"?: {"maxErrorRatio"?, "maxP99Ms"?, "minCalls"?}}}. Shape mistakes
 * are 400 naming the field; what the alias cannot take is the domain's to refuse.
 */
record PlanBody(String id, List<PlanStep> steps, PlanGates gates) {
  private static final Set<String> FIELDS = Set.of("id", "steps", "gates");
  private static final Set<String> STEP_FIELDS = Set.of("weights", "shadows", "hold");
  private static final Set<String> GATE_FIELDS = Set.of("maxErrorRatio", "maxP99Ms", "minCalls");

  static PlanBody parse(JsonObject body) {
    known(body, FIELDS, "a plan has steps, and optionally id and gates");
    Object id = body.getValue("id");
    if (id != null && !(id instanceof String)) {
      throw GatewayFailure.badRequest("field 'id' must be a string");
    }
    if (!(body.getValue("steps") instanceof JsonArray items) || items.isEmpty()) {
      throw GatewayFailure.badRequest(
          "field 'steps' must be a list like [{\"weights\": {\"v1\": 95, \"v2\": 5}, \"hold\":"
              + " \"10m\"}]");
    }
    List<PlanStep> steps = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      steps.add(step(items.getValue(i), "steps[" + i + "]"));
    }
    return new PlanBody((String) id, steps, gates(body.getValue("gates")));
  }

  private static PlanStep step(Object item, String where) {
    if (!(item instanceof JsonObject step)) {
      throw GatewayFailure.badRequest(where + " must be an object with weights and hold");
    }
    known(step, STEP_FIELDS, where + " has weights, hold and optionally shadows");
    if (!(step.getValue("weights") instanceof JsonObject weights) || weights.isEmpty()) {
      throw GatewayFailure.badRequest(where + ".weights must be an object like {\"v2\": 100}");
    }
    Object shadows = step.getValue("shadows");
    if (shadows != null && !(shadows instanceof JsonObject)) {
      throw GatewayFailure.badRequest(where + ".shadows must be an object like {\"v2\": 10}");
    }
    if (!(step.getValue("hold") instanceof String hold)) {
      throw GatewayFailure.badRequest(where + ".hold must be a string like \"10m\"");
    }
    try {
      return new PlanStep(
          shares(weights, where + ".weights", Integer.MAX_VALUE),
          shadows == null ? Map.of() : shares((JsonObject) shadows, where + ".shadows", 100),
          PlanStep.parseHold(hold));
    } catch (InvalidRoutingException e) {
      throw GatewayFailure.badRequest(where + ".hold: " + e.getMessage());
    }
  }

  private static Map<String, Integer> shares(JsonObject json, String where, int max) {
    Map<String, Integer> shares = new LinkedHashMap<>();
    json.forEach(
        entry -> {
          if (!(entry.getValue() instanceof Integer share) || share < 0 || share > max) {
            throw GatewayFailure.badRequest(
                where
                    + "."
                    + entry.getKey()
                    + " must be a whole number from 0"
                    + (max == 100 ? " to 100" : ""));
          }
          shares.put(entry.getKey(), share);
        });
    return shares;
  }

  private static PlanGates gates(Object value) {
    if (value == null) {
      return PlanGates.DEFAULT;
    }
    if (!(value instanceof JsonObject gates)) {
      throw GatewayFailure.badRequest("field 'gates' must be an object");
    }
    known(gates, GATE_FIELDS, "gates are maxErrorRatio, maxP99Ms and minCalls");
    Object ratio = gates.getValue("maxErrorRatio");
    Object p99 = gates.getValue("maxP99Ms");
    Object calls = gates.getValue("minCalls");
    if (ratio != null && !(ratio instanceof Number)) {
      throw GatewayFailure.badRequest("gates.maxErrorRatio must be a number from 0 to 1");
    }
    if (p99 != null && !(p99 instanceof Integer || p99 instanceof Long)) {
      throw GatewayFailure.badRequest("gates.maxP99Ms must be a whole number of milliseconds");
    }
    if (calls != null && !(calls instanceof Integer || calls instanceof Long)) {
      throw GatewayFailure.badRequest("gates.minCalls must be a whole number");
    }
    try {
      return new PlanGates(
          ratio == null ? PlanGates.DEFAULT.maxErrorRatio() : ((Number) ratio).doubleValue(),
          p99 == null ? null : ((Number) p99).longValue(),
          calls == null ? PlanGates.DEFAULT.minCalls() : ((Number) calls).longValue());
    } catch (InvalidRoutingException e) {
      throw GatewayFailure.badRequest(e.getMessage());
    }
  }

  private static void known(JsonObject json, Set<String> fields, String expected) {
    for (String field : json.fieldNames()) {
      if (!fields.contains(field)) {
        throw GatewayFailure.badRequest("unknown field '" + field + "': " + expected);
      }
    }
  }
}
