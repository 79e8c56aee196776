package dev.keyshift.metrics;

import static dev.keyshift.metrics.MeterNames.*;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records keyshift's own meters. Every request records twice (the request and its backend call), so
 * meters are resolved once per tag combination and kept: a record is then one hash lookup and an
 * increment, where Micrometer's own lookup builds and compares a meter id each time (13% of the
 * gateway's CPU under load before this cache, see docs/PERFORMANCE.md). Tag values are bounded:
 * aliases, versions and backends come from the routing, never from requests.
 */
public final class KeyshiftMetrics {
  /** Latency buckets for key operations: from an in-process AES wrap to a throttled vault. */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofNanos(100_000),
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private final MeterRegistry registry;
  private final Meter.MeterProvider<Counter> requests;
  private final Meter.MeterProvider<Timer> requestDuration;
  private final Meter.MeterProvider<Counter> backendRequests;
  private final Meter.MeterProvider<Timer> backendDuration;
  private final Meter.MeterProvider<Counter> rewraps;
  private final Meter.MeterProvider<Counter> backendRefused;
  private final Meter.MeterProvider<Counter> shadows;
  private final Meter.MeterProvider<Timer> shadowDuration;
  private final Map<String, AtomicLong> planSteps = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> plansRolledBack = new ConcurrentHashMap<>();
  private final Map<RequestKey, RequestMeters> requestMeters = new ConcurrentHashMap<>();
  private final Map<BackendKey, RequestMeters> backendMeters = new ConcurrentHashMap<>();
  private final Map<List<String>, AtomicLong> routeWeights = new ConcurrentHashMap<>();
  private final Map<List<String>, AtomicLong> masterKeys = new ConcurrentHashMap<>();
  private final AtomicLong routingRevision = new AtomicLong();
  private final AtomicLong routingStoreUp = new AtomicLong(1);
  private final Counter reloadFailures;

  public KeyshiftMetrics(MeterRegistry registry) {
    this.registry = registry;
    requests =
        Counter.builder(REQUESTS).description("Key operations answered").withRegistry(registry);
    requestDuration = latency(REQUEST_DURATION, "Key operation latency at the gateway");
    backendRequests =
        Counter.builder(BACKEND_REQUESTS)
            .description("Calls to key backends")
            .withRegistry(registry);
    backendDuration = latency(BACKEND_DURATION, "Key backend call latency");
    backendRefused =
        Counter.builder(BACKEND_REFUSED)
            .description(
                "Backend calls refused before they were sent (rate limit, bulkhead, circuit)")
            .withRegistry(registry);
    rewraps =
        Counter.builder(REWRAPS)
            .description("Blobs re-wrapped to a newer version")
            .withRegistry(registry);
    shadows =
        Counter.builder(SHADOWS)
            .description("Shadow wraps: wrapped and unwrapped again on a version, then discarded")
            .withRegistry(registry);
    shadowDuration = latency(SHADOW_DURATION, "Shadow wrap and unwrap latency");
    Gauge.builder(ROUTING_REVISION, routingRevision, AtomicLong::get)
        .description("Routing revision in force (sum of alias revisions)")
        .register(registry);
    Gauge.builder(ROUTING_STORE_UP, routingStoreUp, AtomicLong::get)
        .description("Whether the routing store answers (1) or not (0)")
        .register(registry);
    reloadFailures =
        Counter.builder(ROUTING_RELOAD_FAILURES)
            .description("Hand edits of the routing file that were refused")
            .register(registry);
  }

  /** One key operation answered to a client (a batch records each item). */
  public void request(
      String operation, String alias, String version, String outcome, long elapsedNanos) {
    requestMeters
        .computeIfAbsent(new RequestKey(operation, alias, version, outcome), this::resolve)
        .record(elapsedNanos);
  }

  /** One call to a backend, successful or not. */
  public void backendCall(String backend, String operation, String outcome, long elapsedNanos) {
    backendMeters
        .computeIfAbsent(new BackendKey(backend, operation, outcome), this::resolve)
        .record(elapsedNanos);
  }

  /** The open connections of one listener, read when scraped. */
  public void connections(String listener, AtomicInteger open) {
    Gauge.builder(HTTP_CONNECTIONS, open, AtomicInteger::get)
        .description("Open client connections")
        .tag(TAG_LISTENER, listener)
        .register(registry);
  }

  /** One call the gateway refused to send to a backend; {@code reason} is the error code's tag. */
  public void backendRefused(String backend, String operation, String reason) {
    backendRefused
        .withTags(TAG_BACKEND, backend, TAG_OPERATION, operation, TAG_REASON, reason)
        .increment();
  }

  /** One rewrap attempt of a blob from an older version to a newer one. */
  public void rewrap(String alias, String from, String to, RewrapMode mode, String outcome) {
    rewraps
        .withTags(
            TAG_ALIAS,
            alias,
            TAG_FROM_VERSION,
            from,
            TAG_TO_VERSION,
            to,
            TAG_MODE,
            mode.tag(),
            TAG_OUTCOME,
            outcome)
        .increment();
  }

  /** The weight in force for one version; versions are never removed, so neither are gauges. */
  public void routeWeight(String alias, String version, int weight) {
    versionGauge(routeWeights, ROUTE_WEIGHT, "Weight of a key version in new wraps", alias, version)
        .set(weight);
  }

  /** One shadow wrap's outcome; {@code elapsedNanos} is negative for one never sent (dropped). */
  public void shadow(String alias, String version, String outcome, long elapsedNanos) {
    shadows.withTags(TAG_ALIAS, alias, TAG_VERSION, version, TAG_OUTCOME, outcome).increment();
    if (elapsedNanos >= 0) {
      shadowDuration
          .withTags(TAG_ALIAS, alias, TAG_VERSION, version)
          .record(elapsedNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** An alias's plan as the routing in force has it. */
  public void plan(String alias, int step, boolean rolledBack) {
    aliasGauge(planSteps, PLAN_STEP, "Step in force of the alias's active plan (0: none)", alias)
        .set(step);
    aliasGauge(
            plansRolledBack,
            PLAN_ROLLED_BACK,
            "Whether the alias's latest plan was rolled back by a failed gate",
            alias)
        .set(rolledBack ? 1 : 0);
  }

  private AtomicLong aliasGauge(
      Map<String, AtomicLong> gauges, String name, String description, String alias) {
    return gauges.computeIfAbsent(
        alias,
        key -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder(name, value, AtomicLong::get)
              .description(description)
              .tags(TAG_ALIAS, alias)
              .register(registry);
          return value;
        });
  }

  public void routingRevision(long revision) {
    routingRevision.set(revision);
  }

  /** Whether a hierarchical version's master key is in memory. */
  public void masterKeyLoaded(String alias, String version, boolean loaded) {
    versionGauge(
            masterKeys,
            MASTER_KEYS_LOADED,
            "Whether a hierarchical version's master key is loaded (1) or not",
            alias,
            version)
        .set(loaded ? 1 : 0);
  }

  /** The value behind a per-version gauge, registered on first use. */
  private AtomicLong versionGauge(
      Map<List<String>, AtomicLong> gauges,
      String name,
      String description,
      String alias,
      String version) {
    return gauges.computeIfAbsent(
        List.of(alias, version),
        key -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder(name, value, AtomicLong::get)
              .description(description)
              .tags(TAG_ALIAS, alias, TAG_VERSION, version)
              .register(registry);
          return value;
        });
  }

  public void routingStoreUp(boolean up) {
    routingStoreUp.set(up ? 1 : 0);
  }

  public void routingReloadFailed() {
    reloadFailures.increment();
  }

  private RequestMeters resolve(RequestKey key) {
    return new RequestMeters(
        requests.withTags(
            TAG_OPERATION,
            key.operation(),
            TAG_ALIAS,
            key.alias(),
            TAG_VERSION,
            key.version(),
            TAG_OUTCOME,
            key.outcome()),
        requestDuration.withTags(TAG_OPERATION, key.operation(), TAG_ALIAS, key.alias()));
  }

  private RequestMeters resolve(BackendKey key) {
    return new RequestMeters(
        backendRequests.withTags(
            TAG_BACKEND, key.backend(), TAG_OPERATION, key.operation(), TAG_OUTCOME, key.outcome()),
        backendDuration.withTags(TAG_BACKEND, key.backend(), TAG_OPERATION, key.operation()));
  }

  private record RequestKey(String operation, String alias, String version, String outcome) {}

  private record BackendKey(String backend, String operation, String outcome) {}

  /** A counter and the latency timer recorded with it. */
  private record RequestMeters(Counter count, Timer duration) {
    void record(long elapsedNanos) {
      count.increment();
      duration.record(elapsedNanos, TimeUnit.NANOSECONDS);
    }
  }

  private Meter.MeterProvider<Timer> latency(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .withRegistry(registry);
  }
}
