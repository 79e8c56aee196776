package dev.keyshift.gateway.keys;

import dev.keyshift.gateway.backend.Backends;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.metrics.KeyshiftMetrics;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.Base64Text;
import dev.keyshift.routing.Hierarchy;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.RoutingSnapshot;
import dev.keyshift.routing.VersionState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master keys of hierarchical versions, unwrapped once through their KEK and then held in
 * memory only: never logged, never in an error, never written. Keyed by master-key id, which a KEK
 * move keeps, so a move needs no reload. A master key that cannot be unwrapped (its KEK's backend
 * down) makes only its version answer 503 {@code BACKEND_UNAVAILABLE}; it is retried every {@link
 * #RETRY_INTERVAL}. The previous KEK, while kept, is tried when the current one fails.
 */
public final class MasterKeys {
  public static final Duration RETRY_INTERVAL = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(MasterKeys.class);
  private static final int RETRY_AFTER_SECONDS = 5;

  private final Vertx vertx;
  private final Backends backends;
  private final KeyshiftMetrics metrics;
  private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();
  private final Map<String, Future<byte[]>> loading = new ConcurrentHashMap<>();
  private final Map<String, String> problems = new ConcurrentHashMap<>();
  private long timer = -1;

  public MasterKeys(Vertx vertx, Backends backends, KeyshiftMetrics metrics) {
    this.vertx = vertx;
    this.backends = backends;
    this.metrics = metrics;
  }

  /**
   * Loads every master key of {@code routing}; the future ends when each has loaded or failed (a
   * failure is reported, retried, and never fails the start).
   */
  public Future<Void> loadAll(RoutingSnapshot routing) {
    List<Future<byte[]>> attempts = new ArrayList<>();
    for (Alias alias : routing.aliases().values()) {
      for (KeyVersion version : alias.versions()) {
        if (version.isHierarchical() && !version.hierarchy().pending()) {
          attempts.add(load(alias.name(), version));
        }
      }
    }
    return Future.join(attempts).<Void>mapEmpty().otherwiseEmpty();
  }

  /** Retries, every {@link #RETRY_INTERVAL}, the master keys of the routing in force not loaded. */
  public void retryFrom(Supplier<RoutingSnapshot> routing) {
    timer = vertx.setPeriodic(RETRY_INTERVAL.toMillis(), id -> loadAll(routing.get()));
  }

  /**
   * The master key of a hierarchical version, loading it first if need be.
   *
   * @return fails with {@code BACKEND_UNAVAILABLE} (Retry-After) while it cannot be unwrapped
   */
  public Future<byte[]> key(String alias, KeyVersion version) {
    if (version.hierarchy().pending()) {
      return Future.failedFuture(
          GatewayFailure.retryable(
              ErrorCode.BACKEND_UNAVAILABLE,
              "alias " + alias + " version " + version.id() + " has no master key yet",
              RETRY_AFTER_SECONDS));
    }
    byte[] key = loaded.get(version.hierarchy().masterKeyId());
    return key != null ? Future.succeededFuture(key) : load(alias, version);
  }

  /** Versions whose master key could not be unwrapped, as {@code alias/version} → why. */
  public Map<String, String> problems() {
    return new TreeMap<>(problems);
  }

  /** Stops retrying and overwrites the keys in memory (best effort: the JVM may hold copies). */
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    loaded.values().forEach(key -> Arrays.fill(key, (byte) 0));
    loaded.clear();
  }

  private Future<byte[]> load(String alias, KeyVersion version) {
    Hierarchy hierarchy = version.hierarchy();
    byte[] known = loaded.get(hierarchy.masterKeyId());
    if (known != null) {
      return Future.succeededFuture(known);
    }
    String id = hierarchy.masterKeyId();
    Promise<byte[]> attempt = Promise.promise();
    Future<byte[]> inFlight = loading.putIfAbsent(id, attempt.future());
    if (inFlight == null) {
      // One unwrap per master key however many requests wait for it.
      inFlight = attempt.future();
      unwrap(version)
          .onComplete(
              done -> {
                loading.remove(id);
                loaded(alias, version, done.succeeded() ? done.result() : null, done.cause());
                attempt.handle(done);
              });
    }
    return inFlight.recover(
        failure ->
            Future.failedFuture(
                GatewayFailure.retryable(
                    ErrorCode.BACKEND_UNAVAILABLE,
                    "the master key of alias "
                        + alias
                        + " version "
                        + version.id()
                        + " is not loaded yet: its KEK on backend "
                        + version.backend()
                        + " did not unwrap it",
                    RETRY_AFTER_SECONDS)));
  }

  /** Through the current KEK, else through the previous one while it is kept. */
  private Future<byte[]> unwrap(KeyVersion version) {
    Hierarchy hierarchy = version.hierarchy();
    Future<byte[]> current = unwrapWith(version, hierarchy.wrappedBytes());
    Hierarchy.PreviousKek previous = hierarchy.previous();
    if (previous == null) {
      return current;
    }
    KeyVersion previousKek =
        new KeyVersion(
            version.id(),
            previous.backend(),
            previous.key(),
            previous.algorithm(),
            0,
            VersionState.ENABLED);
    byte[] wrapped = Base64Text.decodeUrlUnpadded(previous.wrappedMasterKey()).orElseThrow();
    return current.recover(failure -> unwrapWith(previousKek, wrapped));
  }

  private Future<byte[]> unwrapWith(KeyVersion kek, byte[] wrapped) {
    try {
      return backends
          .of(kek)
          .unwrap(kek, wrapped)
          .compose(
              key ->
                  key.length == 32
                      ? Future.succeededFuture(key)
                      : Future.failedFuture(
                          new IllegalStateException("the KEK unwrapped something not 32 bytes")));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void loaded(String alias, KeyVersion version, byte[] key, Throwable failure) {
    String name = alias + "/" + version.id();
    if (key != null) {
      loaded.put(version.hierarchy().masterKeyId(), key);
      if (problems.remove(name) != null) {
        LOG.info("master key of alias {} version {} loaded after all", alias, version.id());
      }
      metrics.masterKeyLoaded(alias, version.id(), true);
      return;
    }
    // The backend's failure message names the backend and the problem, never key material.
    String why = GatewayFailure.from(failure).getMessage();
    if (problems.put(name, why) == null) {
      LOG.warn(
          "master key of alias {} version {} not loaded ({}); the version answers 503 until it"
              + " is, retried every {} s",
          alias,
          version.id(),
          why,
          RETRY_INTERVAL.toSeconds());
    }
    metrics.masterKeyLoaded(alias, version.id(), false);
  }
}
