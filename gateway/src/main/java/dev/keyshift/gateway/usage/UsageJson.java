package dev.keyshift.gateway.usage;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
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

  private static JsonObject tallyJson(VersionUsage.Tally tally) {
    return new JsonObject().put("count", tally.count()).put("last", text(tally.last()));
  }

  private static String text(Instant time) {
    return time == null ? null : time.toString();
  }
}
