package dev.keyshift.gateway.usage;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The file store's usage file ({@code usage.json} beside the routing file), format 1: per alias,
 * per version {@code {"since", "wraps": {"count", "last"}, "unwraps": {...}, "weightZeroSince"}}
 * and the latest scan of each source. A persisted format: readers must keep reading what was
 * written.
 */
final class UsageFile {
  static final int FORMAT = 1;

  private UsageFile() {}

  /** Per alias, per version; per alias, per source. */
  record Contents(
      Map<String, Map<String, VersionUsage>> versions, Map<String, Map<String, Scan>> scans) {
    static Contents empty() {
      return new Contents(new TreeMap<>(), new TreeMap<>());
    }
  }

  static String format(Contents contents) {
    JsonObject aliases = new JsonObject();
    TreeMap<String, Object> names = new TreeMap<>();
    contents.versions().keySet().forEach(name -> names.put(name, null));
    contents.scans().keySet().forEach(name -> names.put(name, null));
    for (String alias : names.keySet()) {
      JsonObject versions = new JsonObject();
      new TreeMap<>(contents.versions().getOrDefault(alias, Map.of()))
          .forEach((id, usage) -> versions.put(id, UsageJson.version(usage)));
      JsonObject scans = new JsonObject();
      new TreeMap<>(contents.scans().getOrDefault(alias, Map.of()))
          .forEach((source, scan) -> scans.put(source, UsageJson.scan(scan)));
      aliases.put(alias, new JsonObject().put("versions", versions).put("scans", scans));
    }
    return new JsonObject().put("format", FORMAT).put("aliases", aliases).encodePrettily() + "\n";
  }

  /** Fails with an {@link IllegalArgumentException} naming what is wrong. */
  static Contents parse(String text) {
    JsonObject root;
    try {
      root = new JsonObject(text);
    } catch (DecodeException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (!Integer.valueOf(FORMAT).equals(root.getInteger("format"))) {
      throw new IllegalArgumentException("format must be " + FORMAT);
    }
    Contents contents = Contents.empty();
    try {
      JsonObject aliases = root.getJsonObject("aliases", new JsonObject());
      for (String alias : aliases.fieldNames()) {
        JsonObject entry = aliases.getJsonObject(alias);
        Map<String, VersionUsage> versions = new TreeMap<>();
        JsonObject versionsJson = entry.getJsonObject("versions", new JsonObject());
        versionsJson
            .fieldNames()
            .forEach(id -> versions.put(id, version(versionsJson.getJsonObject(id))));
        Map<String, Scan> scans = new TreeMap<>();
        JsonObject scansJson = entry.getJsonObject("scans", new JsonObject());
        scansJson
            .fieldNames()
            .forEach(
                source ->
                    scans.put(
                        source, UsageJson.parseScan(source, scansJson.getJsonObject(source))));
        contents.versions().put(alias, versions);
        contents.scans().put(alias, scans);
      }
    } catch (ClassCastException | NullPointerException | DateTimeParseException e) {
      throw new IllegalArgumentException("an entry is not as format " + FORMAT + " writes it");
    }
    return contents;
  }

  private static VersionUsage version(JsonObject json) {
    return new VersionUsage(
        Instant.parse(json.getString("since")),
        tally(json.getJsonObject("wraps")),
        tally(json.getJsonObject("unwraps")),
        instant(json.getString("weightZeroSince")));
  }

  private static VersionUsage.Tally tally(JsonObject json) {
    return new VersionUsage.Tally(json.getLong("count"), instant(json.getString("last")));
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
