package dev.keyshift.gateway.admin;

import dev.keyshift.gateway.auth.AdminAuthHandler;
import dev.keyshift.gateway.auth.Authenticator;
import dev.keyshift.gateway.backend.Backends;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.JsonErrors;
import dev.keyshift.gateway.keys.MasterKeys;
import dev.keyshift.gateway.plan.PlanRunner;
import dev.keyshift.gateway.store.RoutingStore;
import dev.keyshift.gateway.store.StoreHealth;
import dev.keyshift.gateway.usage.Usage;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.TreeMap;

/**
 * The control-plane listener: the routing API under {@code /admin/v1} (admin tokens only), and
 * {@code /health/live}, {@code /health/ready}, {@code /metrics}. Probes and scrapes carry no token
 * (kubelets and Prometheus send none); keep the listener on a private interface.
 *
 * <p>Ready means: configuration and routing loaded, every backend's latest health probe succeeded,
 * and the gateway is not shutting down. A not-ready answer is 503 and lists the degraded backends.
 * A routing store that does not answer leaves the gateway ready (the data plane serves the routing
 * it last read) and is reported under {@code store}.
 */
public final class AdminApi {
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private static final int BODY_LIMIT = 64 * 1024;

  static final String CONSOLE_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src"
          + " 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

  private final HealthMonitor health;
  private final PrometheusMeterRegistry registry;
  private final RoutingStore store;
  private final Usage usage;
  private final Backends backends;
  private final MasterKeys masterKeys;
  private final PlanRunner plans;
  private final AdminAuthHandler auth;

  public AdminApi(
      HealthMonitor health,
      PrometheusMeterRegistry registry,
      RoutingStore store,
      Usage usage,
      Backends backends,
      MasterKeys masterKeys,
      PlanRunner plans,
      Authenticator authenticator) {
    this.health = health;
    this.registry = registry;
    this.store = store;
    this.usage = usage;
    this.backends = backends;
    this.masterKeys = masterKeys;
    this.plans = plans;
    this.auth = new AdminAuthHandler(authenticator);
  }

  public Router router(Vertx vertx) {
    Router router = Router.router(vertx);
    mountConsole(router);
    mountRoutingApi(router);
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router.get("/metrics").handler(this::metrics);
    router.route().failureHandler(JsonErrors::handle);
    router
        .route()
        .last()
        .handler(ctx -> ctx.fail(GatewayFailure.of(ErrorCode.NOT_FOUND, "no such route")));
    return router;
  }

  /**
   * {@code /console/}: the operator console's static files from the jar, under a policy that allows
   * only this origin's scripts, styles and API calls: no inline script, nothing fetched elsewhere.
   * The files carry no secret; the console asks for the admin token and sends it to the API.
   */
  private static void mountConsole(Router router) {
    // The route matches "/console/" too: only the bare path is sent on to the folder.
    router
        .get("/console")
        .handler(
            ctx -> {
              if (ctx.request().path().equals("/console")) {
                ctx.redirect("/console/");
              } else {
                ctx.next();
              }
            });
    router
        .get("/console/*")
        .handler(
            ctx -> {
              ctx.response()
                  .putHeader("Content-Security-Policy", CONSOLE_POLICY)
                  .putHeader("X-Content-Type-Options", "nosniff")
                  .putHeader("Referrer-Policy", "no-referrer")
                  .putHeader("X-Frame-Options", "DENY")
                  .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
              ctx.next();
            });
    router
        .get("/console/*")
        .handler(
            StaticHandler.create("console")
                .setCachingEnabled(false)
                .setDirectoryListing(false)
                .setIndexPage("index.html"));
  }

  /** {@code /admin/v1}: admin tokens only, checked before any body is read. */
  private void mountRoutingApi(Router router) {
    ReadAliasesHandler read = new ReadAliasesHandler(store);
    router.route("/admin/v1/*").handler(auth);
    router.route("/admin/v1/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
    router.get("/admin/v1/aliases").handler(read::list);
    router.get("/admin/v1/aliases/:alias").handler(read::show);
    router.put("/admin/v1/aliases/:alias/weights").handler(new SetWeightsHandler(store)::handle);
    router.post("/admin/v1/aliases/:alias/versions").handler(new AddVersionHandler(store)::handle);
    router
        .put("/admin/v1/aliases/:alias/versions/:id/state")
        .handler(new SetStateHandler(store)::handle);
    KekHandler kek = new KekHandler(store, backends, masterKeys);
    router.put("/admin/v1/aliases/:alias/versions/:id/kek").handler(kek::move);
    router.delete("/admin/v1/aliases/:alias/versions/:id/kek/previous").handler(kek::dropPrevious);
    UsageHandler usageHandler = new UsageHandler(store, usage);
    router.get("/admin/v1/aliases/:alias/usage").handler(usageHandler::show);
    router.post("/admin/v1/aliases/:alias/scans").handler(usageHandler::reportScan);
    router
        .get("/admin/v1/aliases/:alias/versions/:id/retire-check")
        .handler(new RetireCheckHandler(store, usage, plans::now)::handle);
    router
        .put("/admin/v1/aliases/:alias/versions/:id/shadow")
        .handler(new ShadowHandler(store)::handle);
    PlanHandler plan = new PlanHandler(store, plans);
    router.put("/admin/v1/aliases/:alias/plan").handler(plan::start);
    router.get("/admin/v1/aliases/:alias/plan").handler(plan::show);
    router.post("/admin/v1/aliases/:alias/plan/pause").handler(plan::pause);
    router.post("/admin/v1/aliases/:alias/plan/resume").handler(plan::resume);
    router.delete("/admin/v1/aliases/:alias/plan").handler(plan::abort);
    router.get("/admin/v1/audit").handler(new AuditHandler(store)::handle);
  }

  private void ready(RoutingContext ctx) {
    boolean ready = health.ready();
    JsonObject body = new JsonObject().put("status", ready ? "UP" : "DOWN");
    if (health.draining()) {
      body.put("reason", "shutting down");
    }
    body.put("degraded", new JsonObject(new TreeMap<String, Object>(health.degraded())));
    body.put("store", storeJson(store.health()));
    // A master key not loaded takes only its own version out of service, not the gateway.
    body.put("masterKeys", new JsonObject(new TreeMap<String, Object>(masterKeys.problems())));
    json(ctx, ready ? 200 : 503, body);
  }

  private static JsonObject storeJson(StoreHealth health) {
    JsonObject json =
        new JsonObject().put("type", health.type()).put("status", health.up() ? "UP" : "DEGRADED");
    if (!health.up()) {
      json.put("downSince", health.downSince().toString()).put("problem", health.problem());
    }
    return json;
  }

  private void metrics(RoutingContext ctx) {
    // A scrape renders every meter: small, but not free; keep it off the event loop.
    ctx.vertx()
        .executeBlocking(registry::scrape, false)
        .onSuccess(
            text -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT).end(text))
        .onFailure(ctx::fail);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.toBuffer());
  }
}
