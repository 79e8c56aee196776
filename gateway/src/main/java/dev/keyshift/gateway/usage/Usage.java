package dev.keyshift.gateway.usage;

import dev.keyshift.routing.RoutingSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-version usage, persisted so that it survives restarts: what a retire decision rests on.
 * Requests count into memory without locks; every {@link #FLUSH_INTERVAL} (and on {@link #close})
 * what was counted since the last flush is added to the {@link UsageStore}. A flush the store
 * refuses loses nothing: its counts are added by the next one.
 */
public final class Usage {
  public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(Usage.class);

  private final Vertx vertx;
  private final UsageStore store;
  private final Supplier<RoutingSnapshot> routing;
  private final Clock clock;
  private final Map<String, Map<String, Counts>> counts = new ConcurrentHashMap<>();

  /** The last flush queued; the next one starts when it ends. Guarded by this. */
  private Future<Void> tail = Future.succeededFuture();

  private long timer = -1;

  private Usage(Vertx vertx, UsageStore store, Supplier<RoutingSnapshot> routing, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.routing = routing;
    this.clock = clock;
  }

  /**
   * Starts counting into {@code store}: versions seen for the first time are counted from now,
   * before any request (a store that refuses this first flush gets it again with the next one).
   */
  public static Usage open(
      Vertx vertx, UsageStore store, Supplier<RoutingSnapshot> routing, Clock clock) {
    Usage usage = new Usage(vertx, store, routing, clock);
    usage.flush().onFailure(usage::flushFailed);
    usage.timer =
        vertx.setPeriodic(
            FLUSH_INTERVAL.toMillis(), id -> usage.flush().onFailure(usage::flushFailed));
    return usage;
  }

  /** A blob was made on {@code version}. */
  public void wrapped(String alias, String version) {
    countsOf(alias, version).wrapped(clock.millis());
  }

  /** An application read a blob on {@code version}. */
  public void unwrapped(String alias, String version) {
    countsOf(alias, version).unwrapped(clock.millis());
  }

  /** Each version's usage, this gateway's counts not yet flushed included. */
  public Future<Map<String, VersionUsage>> versions(String alias) {
    return flush().compose(flushed -> store.versions(alias));
  }

  /** The latest scan of each source that reported one for {@code alias}. */
  public Future<Map<String, Scan>> scans(String alias) {
    return store.scans(alias);
  }

  /** Records a finished scan once it is stored ({@link Scan#reportedAfter}). */
  public Future<Scan> report(String alias, Scan scan) {
    return store.report(alias, scan);
  }

  /** Adds what was counted since the last flush to the store. */
  public synchronized Future<Void> flush() {
    tail = tail.transform(previous -> flushNow());
    return tail;
  }

  /** Stops the timer, flushes once more and closes the store. */
  public Future<Void> close() {
    vertx.cancelTimer(timer);
    return flush()
        .onFailure(
            failure -> LOG.warn("usage could not be flushed at shutdown: {}", failure.getMessage()))
        .eventually(
            () -> {
              store.close();
              return Future.succeededFuture();
            });
  }

  private Future<Void> flushNow() {
    List<Counts> flushed = new ArrayList<>();
    List<UsageDelta> deltas = new ArrayList<>();
    counts.forEach(
        (alias, versions) ->
            versions.forEach(
                (version, count) -> {
                  UsageDelta delta = count.sinceFlush(alias, version);
                  if (delta != null) {
                    flushed.add(count);
                    deltas.add(delta);
                  }
                }));
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    try {
      return store
          .add(deltas, routing.get(), now)
          .onSuccess(
              added -> {
                for (int i = 0; i < deltas.size(); i++) {
                  flushed.get(i).flushed(deltas.get(i));
                }
              });
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private void flushFailed(Throwable failure) {
    LOG.warn("usage not flushed (kept in memory, retried): {}", failure.getMessage());
  }

  private Counts countsOf(String alias, String version) {
    Map<String, Counts> versions = counts.get(alias);
    if (versions == null) {
      versions = counts.computeIfAbsent(alias, a -> new ConcurrentHashMap<>());
    }
    Counts count = versions.get(version);
    return count != null ? count : versions.computeIfAbsent(version, v -> new Counts());
  }

  /**
   * A version's counts since start. They only grow, and a flush adds the difference to what it last
   * added: counting never waits for a flush, and no count is lost between the two.
   */
  private static final class Counts {
    private final LongAdder wraps = new LongAdder();
    private final LongAdder unwraps = new LongAdder();
    private final LongAccumulator lastWrap = new LongAccumulator(Math::max, 0);
    private final LongAccumulator lastUnwrap = new LongAccumulator(Math::max, 0);
    // Written by one flush at a time (Usage#flush chains them).
    private volatile long flushedWraps;
    private volatile long flushedUnwraps;

    void wrapped(long millis) {
      lastWrap.accumulate(millis);
      wraps.increment();
    }

    void unwrapped(long millis) {
      lastUnwrap.accumulate(millis);
      unwraps.increment();
    }

    /** The counts since the last flush, or null when there are none. */
    UsageDelta sinceFlush(String alias, String version) {
      long newWraps = wraps.sum() - flushedWraps;
      long newUnwraps = unwraps.sum() - flushedUnwraps;
      if (newWraps == 0 && newUnwraps == 0) {
        return null;
      }
      return new UsageDelta(
          alias,
          version,
          newWraps,
          newWraps == 0 ? null : Instant.ofEpochMilli(lastWrap.get()),
          newUnwraps,
          newUnwraps == 0 ? null : Instant.ofEpochMilli(lastUnwrap.get()));
    }

    void flushed(UsageDelta delta) {
      flushedWraps += delta.wraps();
      flushedUnwraps += delta.unwraps();
    }
  }
}
