package dev.keyshift.gateway.store;

import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.VersionState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** An alias as the admin API shows it and the audit log records it. */
public final class AliasJson {
  private AliasJson() {}

  /**
   * {@code {"name", "revision", "lazyRewrap", "legacy"?, "versions": [{"id", "backend", "key",
   * "algorithm", "weight", "state"}]}}, versions oldest first.
   */
  public static JsonObject of(Alias alias) {
    JsonArray versions = new JsonArray();
    for (KeyVersion v : alias.versions()) {
      versions.add(
          new JsonObject()
              .put("id", v.id())
              .put("backend", v.backend())
              .put("key", v.key())
              .put("algorithm", v.algorithm().wireName())
              .put("weight", v.weight())
              .put("state", v.state().wireName()));
    }
    JsonObject json =
        new JsonObject()
            .put("name", alias.name())
            .put("revision", alias.revision())
            .put("lazyRewrap", alias.lazyRewrap());
    if (alias.legacy() != null) {
      json.put("legacy", alias.legacy());
    }
    return json.put("versions", versions);
  }

  /**
   * The alias a JSON object of {@link #of} describes (as an audit entry recorded it).
   *
   * @throws IllegalArgumentException when it does not describe a valid alias
   */
  public static Alias parse(JsonObject json) {
    try {
      List<KeyVersion> versions = new ArrayList<>();
      for (Object item : json.getJsonArray("versions")) {
        JsonObject v = (JsonObject) item;
        versions.add(
            new KeyVersion(
                v.getString("id"),
                v.getString("backend"),
                v.getString("key"),
                Algorithm.fromWireName(v.getString("algorithm")).orElseThrow(),
                v.getInteger("weight"),
                VersionState.fromWireName(v.getString("state")).orElseThrow()));
      }
      return new Alias(
          json.getString("name"),
          json.getBoolean("lazyRewrap"),
          json.getString("legacy"),
          versions,
          json.getLong("revision"));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an alias: " + e.getMessage(), e);
    }
  }
}
