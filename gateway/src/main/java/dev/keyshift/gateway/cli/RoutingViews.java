package dev.keyshift.gateway.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the CLI shows aliases and audit entries to an operator. */
final class RoutingViews {
  private RoutingViews() {}

  static void aliases(JsonArray aliases, PrintWriter out) {
    Tables table = new Tables("ALIAS", "REVISION", "LAZY-REWRAP", "LEGACY", "WEIGHTS");
    for (Object item : aliases) {
      JsonObject alias = (JsonObject) item;
      table.row(
          alias.getString("name"),
          alias.getLong("revision"),
          yesNo(alias.getBoolean("lazyRewrap")),
          alias.getString("legacy", "-"),
          weights(alias));
    }
    table.print(out);
  }

  static void alias(JsonObject alias, PrintWriter out) {
    out.printf(
        "alias %s  revision %d  lazy-rewrap %s  legacy %s%n",
        alias.getString("name"),
        alias.getLong("revision"),
        yesNo(alias.getBoolean("lazyRewrap")),
        alias.getString("legacy", "-"));
    long total = 0;
    for (Object v : alias.getJsonArray("versions")) {
      total += ((JsonObject) v).getInteger("weight");
    }
    Tables table =
        new Tables("VERSION", "BACKEND", "KEY", "ALGORITHM", "WEIGHT", "SHARE", "STATE", "SHADOW");
    for (Object item : alias.getJsonArray("versions")) {
      JsonObject v = (JsonObject) item;
      int weight = v.getInteger("weight");
      String share =
          total == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * weight / total);
      table.row(
          v.getString("id"),
          v.getString("backend"),
          v.getString("key"),
          v.getString("algorithm"),
          weight,
          share,
          v.getString("state"),
          v.getInteger("shadow", 0) == 0 ? "-" : v.getInteger("shadow") + "%");
    }
    table.print(out);
    for (Object item : alias.getJsonArray("versions")) {
      hierarchy((JsonObject) item, out);
    }
    JsonObject plan = alias.getJsonObject("plan");
    if (plan != null) {
      out.printf(
          "plan %s: %s, step %d of %d%n",
          plan.getString("id"),
          plan.getString("state"),
          plan.getInteger("step"),
          plan.getJsonArray("steps").size());
    }
  }

  /** A line for a hierarchical version: its master key, and the previous KEK while kept. */
  private static void hierarchy(JsonObject version, PrintWriter out) {
    JsonObject hierarchy = version.getJsonObject("hierarchy");
    if (hierarchy == null) {
      return;
    }
    String id = version.getString("id");
    if (hierarchy.getString("masterKeyId") == null) {
      out.printf("%s: hierarchical, master key not generated yet%n", id);
      return;
    }
    JsonObject previous = hierarchy.getJsonObject("previousKek");
    out.printf(
        "%s: hierarchical, master key %s wrapped by its KEK%s%n",
        id,
        hierarchy.getString("masterKeyId"),
        previous == null
            ? ""
            : "; previous KEK kept: "
                + previous.getString("backend")
                + " "
                + previous.getString("key")
                + " "
                + previous.getString("algorithm"));
  }

  static void audit(JsonArray entries, PrintWriter out) {
    Tables table = new Tables("TIME", "ACTOR", "ACTION", "ALIAS", "REVISION", "CHANGE");
    for (Object item : entries) {
      JsonObject entry = (JsonObject) item;
      JsonObject after = entry.getJsonObject("after");
      JsonObject before = entry.getJsonObject("before");
      table.row(
          entry.getString("time"),
          entry.getString("actor"),
          entry.getString("action"),
          entry.getString("alias"),
          after.getLong("revision"),
          change(before, after));
    }
    table.print(out);
  }

  /** What changed, version by version: weights, states, new versions. */
  static String change(JsonObject before, JsonObject after) {
    List<String> changes = new ArrayList<>();
    for (Object item : after.getJsonArray("versions")) {
      JsonObject now = (JsonObject) item;
      JsonObject then =
          before == null ? null : find(before.getJsonArray("versions"), now.getString("id"));
      String id = now.getString("id");
      if (then == null) {
        changes.add("+" + id);
      } else {
        if (!then.getInteger("weight").equals(now.getInteger("weight"))) {
          changes.add(id + " " + then.getInteger("weight") + "->" + now.getInteger("weight"));
        }
        if (!then.getString("state").equals(now.getString("state"))) {
          changes.add(id + " " + now.getString("state"));
        }
        if (then.getInteger("shadow", 0) != now.getInteger("shadow", 0)) {
          changes.add(
              id + " shadow " + then.getInteger("shadow", 0) + "->" + now.getInteger("shadow", 0));
        }
      }
    }
    return changes.isEmpty() ? "-" : String.join(", ", changes);
  }

  private static JsonObject find(JsonArray versions, String id) {
    for (Object item : versions) {
      if (((JsonObject) item).getString("id").equals(id)) {
        return (JsonObject) item;
      }
    }
    return null;
  }

  private static String weights(JsonObject alias) {
    List<String> weights = new ArrayList<>();
    for (Object item : alias.getJsonArray("versions")) {
      JsonObject v = (JsonObject) item;
      weights.add(
          v.getString("id")
              + "="
              + v.getInteger("weight")
              + (v.getString("state").equals("disabled") ? "(disabled)" : ""));
    }
    return String.join(" ", weights);
  }

  private static String yesNo(Boolean value) {
    return Boolean.TRUE.equals(value) ? "yes" : "no";
  }
}
