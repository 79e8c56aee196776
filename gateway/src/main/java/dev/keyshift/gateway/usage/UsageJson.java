package dev.keyshift.gateway.usage;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Usage and scans as JSON: the same fields in the usage file and in the admin API. */
public final class UsageJson {
  private UsageJson() {}

  public static JsonObject version(VersionUsage usage) {
    return new JsonObject()
        .put("since", usage.since().toString())
        .put("wraps", tallyJson(usage.wraps()))
        .put("unwraps", tallyJson(usage.unwraps()))
        .put("weightZeroSince", text(usage.weightZeroSince()));
  }

  public static JsonObject scan(Scan scan) {
    JsonObject versions = new JsonObject();
    new TreeMap<>(scan.versions()).forEach(versions::put);
    JsonObject empty = new JsonObject();
    new TreeMap<>(scan.emptySince()).forEach((id, time) -> empty.put(id, time.toString()));
    return new JsonObject()
        .put("source", scan.source())
        .put("finishedAt", scan.finishedAt().toString())
        .put("versions", versions)
        .put("emptySince", empty);
  }

  /**
   * The scan {@link #scan} wrote.
   *
   * @throws RuntimeException (a cast, a null or a parse failure) when it is not as written
   */
  public static Scan parseScan(String source, JsonObject json) {
    Map<String, Long> versions = new TreeMap<>();
    JsonObject versionsJson = json.getJsonObject("versions");
    versionsJson.fieldNames().forEach(id -> versions.put(id, versionsJson.getLong(id)));
    Map<String, Instant> empty = new TreeMap<>();
    JsonObject emptyJson = json.getJsonObject("emptySince", new JsonObject());
    emptyJson.fieldNames().forEach(id -> empty.put(id, Instant.parse(emptyJson.getString(id))));
    return new Scan(source, Instant.parse(json.getString("finishedAt")), versions, empty);
  }

  private static JsonObject tallyJson(VersionUsage.Tally tally) {
    return new JsonObject().put("count", tally.count()).put("last", text(tally.last()));
  }

  private static String text(Instant time) {
    return time == null ? null : time.toString();
  }
}
