package dev.keyshift.gateway.admin;

import dev.keyshift.gateway.backend.KeyBackend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every backend's health on a timer and keeps the latest answers, so readiness checks never
 * wait on a backend. A probe that does not answer within the probe timeout counts as a failure.
 */
public final class HealthMonitor {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

  private final Vertx vertx;
  private final Map<String, KeyBackend> backends;
  private final Duration probeTimeout;
  private final Map<String, String> problems = new ConcurrentHashMap<>();
  private volatile boolean probed;
  private volatile boolean draining;
  private long timer = -1;

  public HealthMonitor(Vertx vertx, Map<String, KeyBackend> backends) {
    this(vertx, backends, DEFAULT_PROBE_TIMEOUT);
  }

  public HealthMonitor(Vertx vertx, Map<String, KeyBackend> backends, Duration probeTimeout) {
    this.vertx = vertx;
    this.backends = backends;
    this.probeTimeout = probeTimeout;
  }

  /** Probes once now, then every {@code interval}. */
  public Future<Void> start(Duration interval) {
    return probeAll()
        .onComplete(done -> timer = vertx.setPeriodic(interval.toMillis(), id -> probeAll()));
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** From now on the gateway reports not ready: it is shutting down. */
  public void drain() {
    draining = true;
  }

  public boolean ready() {
    return probed && !draining && problems.isEmpty();
  }

  public boolean draining() {
    return draining;
  }

  /** Backends whose latest probe failed, with the reason. */
  public Map<String, String> degraded() {
    return Map.copyOf(problems);
  }

  private Future<Void> probeAll() {
    List<Future<Void>> probes = new ArrayList<>();
    backends.forEach((name, backend) -> probes.add(probe(name, backend)));
    return Future.join(probes).<Void>mapEmpty().otherwiseEmpty().onComplete(done -> probed = true);
  }

  private Future<Void> probe(String name, KeyBackend backend) {
    Future<Void> health;
    try {
      health = backend.health();
    } catch (RuntimeException e) {
      health = Future.failedFuture(e);
    }
    return health
        .timeout(probeTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .onSuccess(ok -> problems.remove(name))
        .onFailure(
            e -> {
              if (problems.put(name, e.getMessage() == null ? e.toString() : e.getMessage())
                  == null) {
                LOG.warn("backend {} is unhealthy: {}", name, e.getMessage());
              }
            });
  }
}
