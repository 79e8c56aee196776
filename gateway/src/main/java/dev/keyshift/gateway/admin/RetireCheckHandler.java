package dev.keyshift.gateway.admin;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.store.RoutingStore;
import dev.keyshift.gateway.usage.Scan;
import dev.keyshift.gateway.usage.Usage;
import dev.keyshift.gateway.usage.VersionUsage;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.retire.RetireCheck;
import dev.keyshift.routing.retire.VersionEvidence;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET
 * /admin/v1/aliases/{alias}/versions/{id}/retire-check?quietDays=30&backupRetention=35d}: whether
 * the version's key can be retired, each criterion with its evidence, from the usage and scans
 * every replica recorded: {@code {"alias", "version", "ready", "criteria": [{"criterion", "met",
 * "evidence"}], "earliest"}}. What {@code keyshift retire-check} prints.
 */
final class RetireCheckHandler {
  static final int DEFAULT_QUIET_DAYS = 30;
  static final String DEFAULT_RETENTION = "35d";

  private final RoutingStore store;
  private final Usage usage;
  private final Supplier<Instant> now;

  RetireCheckHandler(RoutingStore store, Usage usage, Supplier<Instant> now) {
    this.store = store;
    this.usage = usage;
    this.now = now;
  }

  void handle(RoutingContext ctx) {
    Alias alias = store.get().requireAlias(ctx.pathParam("alias"));
    KeyVersion version = versionOf(alias, ctx.pathParam("id"));
    Duration quiet = Duration.ofDays(quietDays(ctx.queryParams().get("quietDays")));
    Duration retention = retention(ctx.queryParams().get("backupRetention"));
    usage
        .versions(alias.name())
        .compose(
            versions ->
                usage
                    .scans(alias.name())
                    .map(scans -> evidence(version, versions.get(version.id()), scans)))
        .map(evidence -> RetireCheck.evaluate(evidence, now.get(), quiet, retention))
        .onSuccess(verdict -> AdminResponses.json(ctx, 200, json(alias, version, verdict)))
        .onFailure(ctx::fail);
  }

  private static KeyVersion versionOf(Alias alias, String id) {
    return alias
        .version(id)
        .orElseThrow(
            () ->
                GatewayFailure.of(
                    ErrorCode.NOT_FOUND,
                    "alias "
                        + alias.name()
                        + " has no version "
                        + id
                        + " (it has "
                        + alias.versions().stream().map(KeyVersion::id).toList()
                        + ")"));
  }

  private VersionEvidence evidence(
      KeyVersion version, VersionUsage known, Map<String, Scan> scans) {
    List<VersionEvidence.SourceScan> sources = new ArrayList<>();
    for (Scan scan : scans.values()) {
      // A scan that did not count this version says nothing of it: take it as not empty.
      Long blobs = scan.versions().get(version.id());
      sources.add(
          new VersionEvidence.SourceScan(
              scan.source(),
              scan.finishedAt(),
              blobs == null ? Long.MAX_VALUE : blobs,
              scan.emptySince().get(version.id())));
    }
    if (known == null) {
      return new VersionEvidence(version.weight(), now.get(), null, null, null, sources);
    }
    return new VersionEvidence(
        version.weight(),
        known.since(),
        known.wraps().last(),
        known.unwraps().last(),
        known.weightZeroSince(),
        sources);
  }

  private static JsonObject json(Alias alias, KeyVersion version, RetireCheck.Verdict verdict) {
    JsonArray criteria = new JsonArray();
    verdict
        .criteria()
        .forEach(
            c ->
                criteria.add(
                    new JsonObject()
                        .put("criterion", c.name())
                        .put("met", c.met())
                        .put("evidence", c.evidence())));
    return new JsonObject()
        .put("alias", alias.name())
        .put("version", version.id())
        .put("ready", verdict.ready())
        .put("criteria", criteria)
        .put("earliest", verdict.earliest().map(Instant::toString).orElse(null));
  }

  private static int quietDays(String text) {
    if (text == null) {
      return DEFAULT_QUIET_DAYS;
    }
    if (!text.matches("[0-9]{1,5}")) {
      throw GatewayFailure.badRequest("quietDays must be a whole number of days, 0 or more");
    }
    return Integer.parseInt(text);
  }

  private static Duration retention(String text) {
    try {
      return RetireCheck.parseSpan(text == null ? DEFAULT_RETENTION : text);
    } catch (IllegalArgumentException e) {
      throw GatewayFailure.badRequest("backupRetention: " + e.getMessage());
    }
  }
}
