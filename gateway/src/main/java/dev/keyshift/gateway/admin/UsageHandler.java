package dev.keyshift.gateway.admin;

import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.store.RoutingStore;
import dev.keyshift.gateway.usage.Scan;
import dev.keyshift.gateway.usage.Usage;
import dev.keyshift.gateway.usage.UsageJson;
import dev.keyshift.gateway.usage.VersionUsage;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /admin/v1/aliases/{alias}/usage}: per version its wraps, unwraps, weight and state,
 * and the latest scan of each source; {@code POST /admin/v1/aliases/{alias}/scans} {@code
 * {"source", "finishedAt", "versions": {"v1": 0}}} records a finished scan (201).
 */
final class UsageHandler {
  static final int MAX_SOURCE_LENGTH = 512;

  /** How far ahead of this gateway's clock a reporter's clock may run. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private final RoutingStore store;
  private final Usage usage;

  UsageHandler(RoutingStore store, Usage usage) {
    this.store = store;
    this.usage = usage;
  }

  void show(RoutingContext ctx) {
    Alias alias = store.get().requireAlias(ctx.pathParam("alias"));
    usage
        .versions(alias.name())
        .compose(versions -> usage.scans(alias.name()).map(scans -> answer(alias, versions, scans)))
        .onSuccess(body -> AdminResponses.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  void reportScan(RoutingContext ctx) {
    Alias alias = store.get().requireAlias(ctx.pathParam("alias"));
    Scan scan = scan(alias, JsonBody.object(ctx.body().buffer()));
    usage
        .report(alias.name(), scan)
        .onSuccess(recorded -> AdminResponses.json(ctx, 201, UsageJson.scan(recorded)))
        .onFailure(ctx::fail);
  }

  private static JsonObject answer(
      Alias alias, Map<String, VersionUsage> versions, Map<String, Scan> scans) {
    JsonObject perVersion = new JsonObject();
    for (KeyVersion version : alias.versions()) {
      VersionUsage known = versions.get(version.id());
      JsonObject json = known == null ? new JsonObject() : UsageJson.version(known);
      perVersion.put(
          version.id(),
          json.put("weight", version.weight()).put("state", version.state().wireName()));
    }
    JsonArray scanList = new JsonArray();
    new TreeMap<>(scans).values().forEach(scan -> scanList.add(UsageJson.scan(scan)));
    return new JsonObject()
        .put("alias", alias.name())
        .put("legacy", alias.legacy())
        .put("versions", perVersion)
        .put("scans", scanList);
  }

  static Scan scan(Alias alias, JsonObject body) {
    String source = JsonBody.requiredString(body, "source");
    if (source.length() > MAX_SOURCE_LENGTH) {
      throw GatewayFailure.badRequest(
          "field 'source' must be at most " + MAX_SOURCE_LENGTH + " characters");
    }
    Instant finishedAt = finishedAt(JsonBody.requiredString(body, "finishedAt"));
    if (!(body.getValue("versions") instanceof JsonObject versionsJson)) {
      throw GatewayFailure.badRequest(
          "field 'versions' must be an object of version ids to blob counts");
    }
    Map<String, Long> versions = new TreeMap<>();
    for (String id : versionsJson.fieldNames()) {
      if (alias.version(id).isEmpty()) {
        throw GatewayFailure.badRequest(
            "alias " + alias.name() + " has no version '" + JsonBody.shown(id) + "'");
      }
      Object count = versionsJson.getValue(id);
      if (!(count instanceof Integer || count instanceof Long)
          || ((Number) count).longValue() < 0) {
        throw GatewayFailure.badRequest(
            "the count of version " + id + " must be a whole number, 0 or more");
      }
      versions.put(id, ((Number) count).longValue());
    }
    return new Scan(source, finishedAt, versions, Map.of());
  }

  private static Instant finishedAt(String text) {
    Instant time;
    try {
      time = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw GatewayFailure.badRequest(
          "field 'finishedAt' must be an ISO-8601 instant like 2026-11-28T17:00:00Z");
    }
    if (time.isAfter(Instant.now().plus(CLOCK_SKEW))) {
      throw GatewayFailure.badRequest("field 'finishedAt' is in the future: " + text);
    }
    return time;
  }
}
