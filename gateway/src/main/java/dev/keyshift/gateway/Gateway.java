package dev.keyshift.gateway;

import dev.keyshift.gateway.admin.AdminApi;
import dev.keyshift.gateway.admin.HealthMonitor;
import dev.keyshift.gateway.api.NativeApi;
import dev.keyshift.gateway.auth.Authenticator;
import dev.keyshift.gateway.auth.JwtAuthenticator;
import dev.keyshift.gateway.auth.TokenAuthenticator;
import dev.keyshift.gateway.azure.AzureKeyApi;
import dev.keyshift.gateway.backend.BackendContext;
import dev.keyshift.gateway.backend.BackendOpener;
import dev.keyshift.gateway.backend.Backends;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.backend.guard.Resilience;
import dev.keyshift.gateway.backend.providers.BackendProviders;
import dev.keyshift.gateway.config.GatewayConfig;
import dev.keyshift.gateway.config.Listener;
import dev.keyshift.gateway.keys.KeyService;
import dev.keyshift.gateway.keys.MasterKeys;
import dev.keyshift.gateway.kms.KmsPlugin;
import dev.keyshift.gateway.plan.PlanRunner;
import dev.keyshift.gateway.store.AuditLog;
import dev.keyshift.gateway.store.FileRoutingStore;
import dev.keyshift.gateway.store.MasterKeyMint;
import dev.keyshift.gateway.store.RoutingStore;
import dev.keyshift.gateway.store.RunnerLock;
import dev.keyshift.gateway.store.postgres.PostgresCallsStore;
import dev.keyshift.gateway.store.postgres.PostgresDatabase;
import dev.keyshift.gateway.store.postgres.PostgresRoutingStore;
import dev.keyshift.gateway.store.postgres.PostgresRunnerLock;
import dev.keyshift.gateway.store.postgres.PostgresUsageStore;
import dev.keyshift.gateway.usage.CallsStore;
import dev.keyshift.gateway.usage.LocalCallsStore;
import dev.keyshift.gateway.usage.PlanCalls;
import dev.keyshift.gateway.usage.Usage;
import dev.keyshift.gateway.usage.UsageFileStore;
import dev.keyshift.gateway.usage.UsageStore;
import dev.keyshift.metrics.KeyshiftMetrics;
import dev.keyshift.metrics.PrometheusRegistries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: backends opened, routing loaded and prepared, data-plane and admin listeners
 * bound. {@link #start} and {@link #stop} are the whole lifecycle; the caller owns the Vert.x
 * instance.
 */
public final class Gateway {
  /** Blocking crypto (RSA, keystore I/O) gets this many threads at most. */
  public static final int CRYPTO_WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());

  /** One data-plane server per core, each on its own event loop, sharing the port. */
  static final int DATA_INSTANCES = Math.max(1, Runtime.getRuntime().availableProcessors());

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final GatewayConfig config;
  private final PrometheusMeterRegistry registry;
  private final KeyshiftMetrics metrics;
  private final Resilience resilience;
  private final WorkerExecutor workers;
  private final BackendOpener opener;
  private final Clock clock;
  // Deployments complete on different event loops.
  private final List<HttpVerticle> dataServers = new CopyOnWriteArrayList<>();
  private final List<String> deployments = new CopyOnWriteArrayList<>();
  // Open connections per listener, shared by that listener's instances.
  private final Map<String, AtomicInteger> openConnections = new ConcurrentHashMap<>();
  // Set once, in order, by the start-up steps.
  private Backends backends;
  private PostgresDatabase database;
  private StartingListener starting;
  private RoutingStore routing;
  private UsageStore usageStore;
  private Usage usage;
  private CallsStore callsStore = new LocalCallsStore();
  private RunnerLock runnerLock = RunnerLock.ALONE;
  private PlanCalls planCalls;
  private PlanRunner plans;
  private KmsPlugin kmsPlugin;
  private MasterKeys masterKeys;
  private long mintTimer = -1;
  private HealthMonitor health;
  private Authenticator authenticator;
  private int adminPort;

  private Gateway(
      Vertx vertx,
      GatewayConfig config,
      PrometheusMeterRegistry registry,
      BackendOpener opener,
      Clock clock) {
    this.vertx = vertx;
    this.opener = opener;
    this.clock = clock;
    this.config = config;
    this.registry = registry;
    this.metrics = new KeyshiftMetrics(registry);
    this.resilience = new Resilience(registry, metrics);
    this.workers = vertx.createSharedWorkerExecutor("keyshift-crypto", CRYPTO_WORKERS);
  }

  /**
   * Starts a gateway; fails with a {@link dev.keyshift.gateway.config.ConfigException} (one line
   * naming file, field and problem) or a backend's setup failure.
   */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
    return start(vertx, config, PrometheusRegistries.create());
  }

  /**
   * Starts a gateway publishing into {@code registry}: the one its Vert.x instance reports to
   * ({@link GatewayVertx}), so one scrape has both.
   */
  public static Future<Gateway> start(
      Vertx vertx, GatewayConfig config, PrometheusMeterRegistry registry) {
    return start(vertx, config, registry, BackendProviders::open);
  }

  /**
   * Starts a gateway whose backends {@code opener} opens; each is metered and made resilient as
   * usual.
   */
  public static Future<Gateway> start(
      Vertx vertx, GatewayConfig config, PrometheusMeterRegistry registry, BackendOpener opener) {
    return start(vertx, config, registry, opener, Clock.systemUTC());
  }

  /**
   * Starts a gateway whose audit, usage and plan holds are timed by {@code clock} (a test's, to
   * walk a plan through hours of holds at once).
   */
  public static Future<Gateway> start(
      Vertx vertx,
      GatewayConfig config,
      PrometheusMeterRegistry registry,
      BackendOpener opener,
      Clock clock) {
    Gateway gateway = new Gateway(vertx, config, registry, opener, clock);
    return gateway
        .openBackends()
        .compose(opened -> gateway.loadRouting())
        .map(
            loaded -> gateway.usage = Usage.open(vertx, gateway.usageStore, gateway.routing, clock))
        .compose(counting -> gateway.loadMasterKeys())
        .compose(loaded -> gateway.startAuthentication())
        .compose(authenticating -> gateway.probeHealth())
        .compose(probed -> gateway.listen())
        .map(gateway)
        .onFailure(failure -> gateway.abandon());
  }

  public int dataPort() {
    return dataServers.get(0).actualPort();
  }

  public int adminPort() {
    return adminPort;
  }

  public GatewayConfig config() {
    return config;
  }

  /**
   * Stops gracefully: reports not-ready, stops accepting, lets in-flight requests finish within the
   * configured grace period, then releases everything but the Vert.x instance.
   */
  public Future<Void> stop() {
    health.drain();
    health.stop();
    plans.stop();
    vertx.cancelTimer(mintTimer);
    Future<Void> kmsStopped = kmsPlugin == null ? Future.succeededFuture() : kmsPlugin.stop();
    routing.close();
    List<Future<Void>> undeployed = new ArrayList<>();
    for (String id : deployments) {
      undeployed.add(vertx.undeploy(id));
    }
    undeployed.add(kmsStopped);
    return Future.join(undeployed)
        .<Void>mapEmpty()
        .otherwiseEmpty()
        // After the last request: its counts are in the final flush.
        .compose(undeployedAll -> usage.close().otherwiseEmpty())
        .compose(closed -> planCalls.close())
        .andThen(closed -> masterKeys.close())
        .compose(closed -> database == null ? Future.succeededFuture() : database.close())
        .otherwiseEmpty()
        .andThen(done -> workers.close());
  }

  /** Releases what a failed start had opened. */
  private void abandon() {
    if (usage != null) {
      usage.close();
    } else if (usageStore != null) {
      usageStore.close();
    }
    if (masterKeys != null) {
      masterKeys.close();
    }
    releaseAdminPort();
    if (plans != null) {
      plans.stop();
    } else {
      runnerLock.close();
    }
    if (planCalls != null) {
      planCalls.close();
    }
    if (routing != null) {
      routing.close();
    }
    if (database != null) {
      database.close();
    }
    workers.close();
  }

  private Future<Void> openBackends() {
    List<Future<KeyBackend>> opened = new ArrayList<>();
    config
        .backends()
        .forEach(
            (name, backend) -> {
              BackendContext context = new BackendContext(name, vertx, workers, backend.timeout());
              opened.add(
                  opener
                      .open(backend, context)
                      .map(b -> resilience.guard(b, config.resilienceOf(name), context.timeout())));
            });
    return Future.all(opened).map(all -> backends = new Backends(all.list())).mapEmpty();
  }

  private Future<Void> loadRouting() {
    return config.postgres() == null ? loadFileStore() : loadPostgresStore();
  }

  private Future<Void> loadFileStore() {
    AuditLog audit = new AuditLog(config.auditFile());
    return FileRoutingStore.open(
            vertx,
            config.routingFile(),
            audit,
            backends,
            metrics,
            clock,
            KmsPlugin.rule(config.kmsPlugin()))
        .onSuccess(store -> store.watch(FileRoutingStore.WATCH_INTERVAL))
        .map(store -> routing = store)
        .compose(
            store ->
                UsageFileStore.open(
                    vertx, config.routingFile().resolveSibling(UsageFileStore.FILE_NAME)))
        .map(store -> usageStore = store)
        .mapEmpty();
  }

  private Future<Void> loadPostgresStore() {
    // Waiting for the database can take a while: say so on the admin port meanwhile. A port of 0
    // (any free one) has nothing to hold.
    Future<?> holding =
        config.admin().port() > 0
            ? StartingListener.bind(vertx, config.admin()).map(bound -> starting = bound)
            : Future.succeededFuture();
    return holding
        .compose(held -> PostgresDatabase.open(vertx, config.postgres()))
        .map(db -> database = db)
        .compose(
            db ->
                PostgresRoutingStore.open(
                    db, backends, metrics, clock, KmsPlugin.rule(config.kmsPlugin())))
        .map(store -> routing = store)
        .map(store -> usageStore = new PostgresUsageStore(database))
        .map(store -> callsStore = new PostgresCallsStore(database))
        .map(store -> runnerLock = new PostgresRunnerLock(database))
        .mapEmpty();
  }

  /**
   * Generates the master keys routing files declare, then unwraps every master key once; a KEK that
   * cannot unwrap only takes its version out of service, and is retried.
   */
  private Future<Void> loadMasterKeys() {
    masterKeys = new MasterKeys(vertx, backends, metrics);
    return MasterKeyMint.completePending(routing)
        .compose(minted -> masterKeys.loadAll(routing.get()))
        .onComplete(
            loaded -> {
              masterKeys.retryFrom(routing);
              mintTimer =
                  vertx.setPeriodic(
                      MasterKeys.RETRY_INTERVAL.toMillis(),
                      id -> MasterKeyMint.completePending(routing));
            });
  }

  private Future<Void> startAuthentication() {
    TokenAuthenticator tokens = new TokenAuthenticator(config.tokens());
    if (config.jwt() == null) {
      authenticator = new Authenticator(tokens, null);
      return Future.succeededFuture();
    }
    return JwtAuthenticator.start(vertx, config.jwt())
        .map(jwt -> authenticator = new Authenticator(tokens, jwt))
        .mapEmpty();
  }

  private Future<Void> probeHealth() {
    health = new HealthMonitor(vertx, backends.all());
    return health.start(HealthMonitor.DEFAULT_INTERVAL);
  }

  private Future<Void> listen() {
    planCalls = new PlanCalls(callsStore).start(vertx);
    plans = new PlanRunner(vertx, routing, planCalls, runnerLock, clock);
    KeyService keys = new KeyService(routing, backends, metrics, usage, masterKeys, planCalls);
    DataPlane data =
        new DataPlane(
            new NativeApi(authenticator, routing, keys),
            new AzureKeyApi(authenticator, config.azureChallenge(), keys));
    Router admin =
        new AdminApi(health, registry, routing, usage, backends, masterKeys, plans, authenticator)
            .router(vertx);
    // Port 0 asks for a free port; Vert.x shares one random port among the servers that ask for
    // the same negative port, so every instance joins the first one's.
    Listener listener =
        config.server().port() == 0 ? config.server().withPort(-1) : config.server();
    List<Future<HttpVerticle>> servers = new ArrayList<>();
    for (int i = 0; i < DATA_INSTANCES; i++) {
      servers.add(deploy(data, listener, "data").onSuccess(dataServers::add));
    }
    return Future.all(servers)
        .compose(all -> startKmsPlugin(keys))
        .compose(all -> releaseAdminPort())
        .compose(released -> deploy(admin, config.admin(), "admin"))
        .map(server -> adminPort = server.actualPort())
        .<Void>mapEmpty()
        .onSuccess(listening -> plans.start())
        .onSuccess(
            v ->
                LOG.info(
                    "keyshift serving on http://{}:{} (admin http://{}:{})",
                    config.server().host(),
                    dataPort(),
                    config.admin().host(),
                    adminPort));
  }

  private Future<Void> startKmsPlugin(KeyService keys) {
    if (config.kmsPlugin() == null) {
      return Future.succeededFuture();
    }
    return KmsPlugin.start(vertx, config.kmsPlugin(), routing, keys, health::degraded)
        .map(plugin -> kmsPlugin = plugin)
        .mapEmpty();
  }

  private Future<Void> releaseAdminPort() {
    return starting == null ? Future.succeededFuture() : starting.close();
  }

  private AtomicInteger connectionCount(String name) {
    AtomicInteger open = new AtomicInteger();
    metrics.connections(name, open);
    return open;
  }

  /**
   * @param name the listener's name in metrics; its instances share one connection count
   */
  private Future<HttpVerticle> deploy(
      Handler<HttpServerRequest> requests, Listener listener, String name) {
    HttpVerticle verticle =
        new HttpVerticle(
            requests,
            listener,
            config.shutdownGrace(),
            config.connections(),
            openConnections.computeIfAbsent(name, this::connectionCount));
    return vertx
        .deployVerticle(verticle, new DeploymentOptions())
        .map(
            id -> {
              deployments.add(id);
              return verticle;
            });
  }
}
