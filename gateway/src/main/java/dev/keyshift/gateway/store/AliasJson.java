package dev.keyshift.gateway.store;

import dev.keyshift.routing.Alias;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

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
}
