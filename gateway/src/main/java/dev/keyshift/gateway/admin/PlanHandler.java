package dev.keyshift.gateway.admin;

import dev.keyshift.gateway.auth.AdminAuthHandler;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.plan.PlanRunner;
import dev.keyshift.gateway.store.PlanJson;
import dev.keyshift.gateway.store.Revisions;
import dev.keyshift.gateway.store.RoutingStore;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.CallTally;
import dev.keyshift.routing.Cutover;
import dev.keyshift.routing.Plan;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * {@code /admin/v1/aliases/{alias}/plan}: {@code PUT} starts a plan ({@link PlanBody}), {@code GET}
 * shows it with its gate readings, {@code POST …/pause} and {@code …/resume}, {@code DELETE} aborts
 * it (the weights in force stay). Each is an audited routing change honouring {@code If-Match}; the
 * plan's own steps are made by the {@link PlanRunner}.
 */
final class PlanHandler {
  private final RoutingStore store;
  private final PlanRunner runner;

  PlanHandler(RoutingStore store, PlanRunner runner) {
    this.store = store;
    this.runner = runner;
  }

  void start(RoutingContext ctx) {
    PlanBody body = PlanBody.parse(JsonBody.object(ctx.body().buffer()));
    String id = body.id() != null ? body.id() : newId();
    String actor = AdminAuthHandler.actor(ctx);
    change(
        ctx,
        201,
        "plan-start",
        alias -> Cutover.start(alias, id, body.steps(), body.gates(), actor, runner.now()));
  }

  void pause(RoutingContext ctx) {
    String actor = AdminAuthHandler.actor(ctx);
    change(ctx, 200, "plan-pause", alias -> Cutover.pause(alias, "paused by " + actor));
  }

  void resume(RoutingContext ctx) {
    change(ctx, 200, "plan-resume", Cutover::resume);
  }

  void abort(RoutingContext ctx) {
    String actor = AdminAuthHandler.actor(ctx);
    change(ctx, 200, "plan-abort", alias -> Cutover.abort(alias, actor));
  }

  void show(RoutingContext ctx) {
    Alias alias = store.get().requireAlias(ctx.pathParam("alias"));
    Plan plan = plan(alias);
    runner
        .status(plan)
        .onSuccess(
            status -> {
              ctx.response().putHeader(HttpHeaders.ETAG, Revisions.etag(alias));
              AdminResponses.json(ctx, 200, json(alias, plan).mergeIn(statusJson(plan, status)));
            })
        .onFailure(ctx::fail);
  }

  private void change(RoutingContext ctx, int status, String action, UnaryOperator<Alias> edit) {
    store
        .change(
            ctx.pathParam("alias"),
            ctx.request().getHeader(HttpHeaders.IF_MATCH),
            AdminAuthHandler.actor(ctx),
            action,
            edit)
        .onSuccess(
            alias -> {
              ctx.response().putHeader(HttpHeaders.ETAG, Revisions.etag(alias));
              AdminResponses.json(ctx, status, json(alias, alias.plan()));
            })
        .onFailure(ctx::fail);
  }

  private static Plan plan(Alias alias) {
    if (alias.plan() == null) {
      throw GatewayFailure.of(ErrorCode.NOT_FOUND, "alias " + alias.name() + " has no plan");
    }
    return alias.plan();
  }

  private static JsonObject json(Alias alias, Plan plan) {
    return new JsonObject()
        .put("alias", alias.name())
        .put("revision", alias.revision())
        .mergeIn(PlanJson.of(plan));
  }

  /** {@code "gated"}, {@code "readings"}, {@code "verdict"} and {@code "nextEvaluation"}. */
  private static JsonObject statusJson(Plan plan, PlanRunner.Status status) {
    JsonObject readings = new JsonObject();
    if (plan.isRunning() && plan.applied()) {
      for (String version : plan.gatedVersions()) {
        CallTally tally = status.tallies().getOrDefault(version, new CallTally());
        readings.put(
            version,
            new JsonObject()
                .put("calls", tally.calls())
                .put("errors", tally.errors())
                .put("errorRatio", tally.errorRatio())
                .put("p99Ms", tally.p99Millis()));
      }
    }
    JsonObject json = new JsonObject().put("readings", readings);
    if (status.verdict() != null) {
      json.put(
          "verdict",
          new JsonObject()
              .put("decision", status.verdict().decision().name().toLowerCase(Locale.ROOT))
              .put("reason", status.verdict().reason()));
    }
    if (status.next() != null) {
      json.put("nextEvaluation", status.next().toString());
    }
    return json;
  }

  private static String newId() {
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    return "p-" + HexFormat.of().formatHex(random);
  }
}
