package dev.keyshift.gateway.store;

import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.Hierarchy;
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
   * "algorithm", "weight", "state", "hierarchy"?, "shadow"?}], "plan"?}}, versions oldest first;
   * {@code shadow} appears when above 0, {@code plan} ({@link PlanJson}) once the alias has one. A
   * hierarchical version's {@code hierarchy} is {@code {"masterKeyId", "masterKey", "previousKek"?:
   * {"backend", "key", "algorithm", "masterKey"}}}, the master key only ever in its wrapped form,
   * or {@code {}} before it is generated.
   */
  public static JsonObject of(Alias alias) {
    JsonArray versions = new JsonArray();
    for (KeyVersion v : alias.versions()) {
      JsonObject version =
          new JsonObject()
              .put("id", v.id())
              .put("backend", v.backend())
              .put("key", v.key())
              .put("algorithm", v.algorithm().wireName())
              .put("weight", v.weight())
              .put("state", v.state().wireName());
      if (v.isHierarchical()) {
        version.put("hierarchy", hierarchy(v.hierarchy()));
      }
      if (v.shadow() > 0) {
        version.put("shadow", v.shadow());
      }
      versions.add(version);
    }
    JsonObject json =
        new JsonObject()
            .put("name", alias.name())
            .put("revision", alias.revision())
            .put("lazyRewrap", alias.lazyRewrap());
    if (alias.legacy() != null) {
      json.put("legacy", alias.legacy());
    }
    json.put("versions", versions);
    if (alias.plan() != null) {
      json.put("plan", PlanJson.of(alias.plan()));
    }
    return json;
  }

  private static JsonObject hierarchy(Hierarchy hierarchy) {
    JsonObject json = new JsonObject();
    if (hierarchy.pending()) {
      return json;
    }
    json.put("masterKeyId", hierarchy.masterKeyId()).put("masterKey", hierarchy.wrappedMasterKey());
    Hierarchy.PreviousKek previous = hierarchy.previous();
    if (previous != null) {
      json.put(
          "previousKek",
          new JsonObject()
              .put("backend", previous.backend())
              .put("key", previous.key())
              .put("algorithm", previous.algorithm().wireName())
              .put("masterKey", previous.wrappedMasterKey()));
    }
    return json;
  }

  private static Hierarchy parseHierarchy(JsonObject json) {
    if (json == null) {
      return null;
    }
    JsonObject previous = json.getJsonObject("previousKek");
    return new Hierarchy(
        json.getString("masterKeyId"),
        json.getString("masterKey"),
        previous == null
            ? null
            : new Hierarchy.PreviousKek(
                previous.getString("backend"),
                previous.getString("key"),
                Algorithm.fromWireName(previous.getString("algorithm")).orElseThrow(),
                previous.getString("masterKey")));
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
                VersionState.fromWireName(v.getString("state")).orElseThrow(),
                parseHierarchy(v.getJsonObject("hierarchy")),
                v.getInteger("shadow", 0)));
      }
      JsonObject plan = json.getJsonObject("plan");
      return new Alias(
          json.getString("name"),
          json.getBoolean("lazyRewrap"),
          json.getString("legacy"),
          versions,
          json.getLong("revision"),
          plan == null ? null : PlanJson.parse(plan));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not an alias: " + e.getMessage(), e);
    }
  }
}
