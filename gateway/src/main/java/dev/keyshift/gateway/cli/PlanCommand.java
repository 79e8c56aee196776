package dev.keyshift.gateway.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keyshift plan ...}: progressive cutover plans through the admin API. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description =
        "Progressive cutover: steps of weights held and judged by gates, rolled back by"
            + " themselves when a gate fails.")
final class PlanCommand {
  @Spec CommandSpec spec;

  @Mixin AdminOptions admin;

  @Command(
      mixinStandardHelpOptions = true,
      name = "start",
      description =
          "Start a plan: --step v1=95,v2=5@10m --step v2=100@30m (shadows as shadow:v2=50),"
              + " or --file with the API's JSON body.")
  int start(
      @Parameters(paramLabel = "ALIAS") String alias,
      @Option(
              names = "--step",
              paramLabel = "WEIGHTS@HOLD",
              description =
                  "One step, in order: VERSION=WEIGHT,...[,shadow:VERSION=PERCENT]@HOLD (hold: 90s,"
                      + " 10m, 1h; at least 10s)")
          List<String> steps,
      @Option(names = "--file", paramLabel = "FILE", description = "The plan as JSON") Path file,
      @Option(names = "--id", description = "The plan's id (default: generated)") String id,
      @Option(
              names = "--max-error-ratio",
              paramLabel = "RATIO",
              description = "Gate: largest share of failed calls (default 0.01)")
          Double maxErrorRatio,
      @Option(
              names = "--max-p99-ms",
              paramLabel = "MS",
              description = "Gate: largest p99 call latency (default: none)")
          Long maxP99Ms,
      @Option(
              names = "--min-calls",
              paramLabel = "N",
              description =
                  "Gate: calls a version needs in a step before it is judged (default 100)")
          Long minCalls) {
    JsonObject body = file != null ? read(file) : fromSteps(steps);
    if (id != null) {
      body.put("id", id);
    }
    JsonObject gates = body.getJsonObject("gates", new JsonObject());
    putIfSet(gates, "maxErrorRatio", maxErrorRatio);
    putIfSet(gates, "maxP99Ms", maxP99Ms);
    putIfSet(gates, "minCalls", minCalls);
    if (!gates.isEmpty()) {
      body.put("gates", gates);
    }
    return show(admin.client().put(planPath(alias), body, null));
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "show",
      description = "The alias's plan: state, step, gate readings, next evaluation.")
  int show(@Parameters(paramLabel = "ALIAS") String alias) {
    return show(admin.client().get(planPath(alias)));
  }

  @Command(mixinStandardHelpOptions = true, name = "pause", description = "Hold the plan.")
  int pause(@Parameters(paramLabel = "ALIAS") String alias) {
    return show(admin.client().post(planPath(alias) + "/pause", new JsonObject()));
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "resume",
      description = "Resume a paused plan: its step is applied again and held from the start.")
  int resume(@Parameters(paramLabel = "ALIAS") String alias) {
    return show(admin.client().post(planPath(alias) + "/resume", new JsonObject()));
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "abort",
      description = "Stop the plan for good; the weights in force stay.")
  int abort(@Parameters(paramLabel = "ALIAS") String alias) {
    return show(admin.client().delete(planPath(alias)));
  }

  private static JsonObject fromSteps(List<String> steps) {
    if (steps == null || steps.isEmpty()) {
      throw new CliFailure("give the steps with --step (one per step) or the plan with --file");
    }
    JsonArray items = new JsonArray();
    for (String step : steps) {
      items.add(step(step));
    }
    return new JsonObject().put("steps", items);
  }

  /** {@code v1=95,v2=5,shadow:v3=10@10m}. */
  private static JsonObject step(String text) {
    int at = text.lastIndexOf('@');
    if (at < 0) {
      throw new CliFailure("step '" + text + "' needs a hold after @, like v2=100@10m");
    }
    JsonObject weights = new JsonObject();
    JsonObject shadows = new JsonObject();
    for (String part : text.substring(0, at).split(",")) {
      boolean shadow = part.startsWith("shadow:");
      String[] pair = (shadow ? part.substring("shadow:".length()) : part).split("=", 2);
      if (pair.length != 2 || !pair[1].matches("[0-9]{1,9}")) {
        throw new CliFailure(
            "step '" + text + "': '" + part + "' must be VERSION=NUMBER or shadow:VERSION=NUMBER");
      }
      (shadow ? shadows : weights).put(pair[0], Integer.parseInt(pair[1]));
    }
    JsonObject step = new JsonObject().put("weights", weights).put("hold", text.substring(at + 1));
    return shadows.isEmpty() ? step : step.put("shadows", shadows);
  }

  private static JsonObject read(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new CliFailure("cannot read " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new CliFailure(file + " is not a JSON object: " + e.getMessage());
    }
  }

  private static void putIfSet(JsonObject json, String field, Object value) {
    if (value != null) {
      json.put(field, value);
    }
  }

  private int show(JsonObject plan) {
    PrintWriter out = spec.commandLine().getOut();
    if (admin.json) {
      out.println(plan.encodePrettily());
    } else {
      view(plan, out);
    }
    out.flush();
    return 0;
  }

  private static void view(JsonObject plan, PrintWriter out) {
    JsonArray steps = plan.getJsonArray("steps");
    out.printf(
        "plan %s of alias %s: %s, step %d of %d%s%n",
        plan.getString("id"),
        plan.getString("alias"),
        plan.getString("state"),
        plan.getInteger("step"),
        steps.size(),
        plan.getBoolean("applied") ? "" : " (not applied yet)");
    if (plan.getString("reason") != null) {
      out.println(plan.getString("reason"));
    }
    JsonObject verdict = plan.getJsonObject("verdict");
    if (verdict != null) {
      out.println(verdict.getString("reason"));
    }
    if (plan.getString("nextEvaluation") != null) {
      out.println("next evaluation " + plan.getString("nextEvaluation"));
    }
    Tables table = new Tables("STEP", "WEIGHTS", "SHADOWS", "HOLD");
    for (int i = 0; i < steps.size(); i++) {
      JsonObject step = steps.getJsonObject(i);
      table.row(
          (i + 1 == plan.getInteger("step") ? "> " : "  ") + (i + 1),
          pairs(step.getJsonObject("weights")),
          pairs(step.getJsonObject("shadows")),
          step.getString("hold"));
    }
    table.print(out);
    JsonObject readings = plan.getJsonObject("readings", new JsonObject());
    if (!readings.isEmpty()) {
      Tables gates = new Tables("VERSION", "CALLS", "ERRORS", "ERROR-RATIO", "P99-MS");
      readings.forEach(
          entry -> {
            JsonObject r = (JsonObject) entry.getValue();
            gates.row(
                entry.getKey(),
                r.getLong("calls"),
                r.getLong("errors"),
                String.format(Locale.ROOT, "%.4f", r.getDouble("errorRatio")),
                String.format(Locale.ROOT, "%.1f", r.getDouble("p99Ms")));
          });
      gates.print(out);
    }
  }

  private static String pairs(JsonObject values) {
    if (values == null || values.isEmpty()) {
      return "-";
    }
    StringBuilder out = new StringBuilder();
    values.forEach(
        e ->
            out.append(out.length() == 0 ? "" : " ")
                .append(e.getKey())
                .append('=')
                .append(e.getValue()));
    return out.toString();
  }

  private static String planPath(String alias) {
    return "/admin/v1/aliases/" + URLEncoder.encode(alias, StandardCharsets.UTF_8) + "/plan";
  }
}
