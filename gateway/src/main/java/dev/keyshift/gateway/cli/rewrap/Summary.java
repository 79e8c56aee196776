package dev.keyshift.gateway.cli.rewrap;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run did, row by row summed: rows per outcome, blobs per version as found and as left, and
 * the first problems. A resumed run starts from the checkpoint's summary, so its totals cover the
 * whole job.
 */
final class Summary {
  /** How many problem rows the report names; the counts cover them all. */
  static final int PROBLEMS_SHOWN = 20;

  private final Map<Outcome.Kind, Long> counts = new EnumMap<>(Outcome.Kind.class);
  private final Map<String, Long> found = new TreeMap<>();
  private final Map<String, Long> left = new TreeMap<>();
  private final List<String> problems = new ArrayList<>();

  synchronized void add(Row row, Outcome outcome) {
    counts.merge(outcome.kind(), 1L, Long::sum);
    if (outcome.found() != null) {
      found.merge(outcome.found(), 1L, Long::sum);
    }
    if (outcome.version() != null) {
      left.merge(outcome.version(), 1L, Long::sum);
    }
    if (outcome.problem() != null && problems.size() < PROBLEMS_SHOWN) {
      problems.add(row.key() + ": " + outcome.problem());
    }
  }

  synchronized long count(Outcome.Kind kind) {
    return counts.getOrDefault(kind, 0L);
  }

  synchronized long scanned() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Rows whose blob is not on the version routing selects: conflicts, failures, invalid blobs. */
  synchronized long notMoved() {
    return count(Outcome.Kind.CONFLICT) + count(Outcome.Kind.FAILED) + count(Outcome.Kind.INVALID);
  }

  /** Blobs per version as the run left them ({@value Outcome#LEGACY} for non-envelopes). */
  synchronized Map<String, Long> left() {
    return Map.copyOf(left);
  }

  synchronized JsonObject toJson() {
    JsonObject json = new JsonObject().put("scanned", scanned());
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      json.put(key(kind), count(kind));
    }
    return json.put("found", new JsonObject(new TreeMap<>(found)))
        .put("left", new JsonObject(new TreeMap<>(left)))
        .put("problems", new JsonArray(new ArrayList<>(problems)));
  }

  static Summary fromJson(JsonObject json) {
    Summary summary = new Summary();
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      long count = json.getLong(key(kind), 0L);
      if (count > 0) {
        summary.counts.put(kind, count);
      }
    }
    json.getJsonObject("found", new JsonObject())
        .forEach(e -> summary.found.put(e.getKey(), ((Number) e.getValue()).longValue()));
    json.getJsonObject("left", new JsonObject())
        .forEach(e -> summary.left.put(e.getKey(), ((Number) e.getValue()).longValue()));
    json.getJsonArray("problems", new JsonArray())
        .forEach(problem -> summary.problems.add(String.valueOf(problem)));
    return summary;
  }

  synchronized List<String> problems() {
    return List.copyOf(problems);
  }

  synchronized Map<String, Long> found() {
    return Map.copyOf(found);
  }

  private static String key(Outcome.Kind kind) {
    String[] words = kind.label.split(" ");
    StringBuilder key = new StringBuilder(words[0]);
    for (int i = 1; i < words.length; i++) {
      key.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
    }
    return key.toString();
  }
}
