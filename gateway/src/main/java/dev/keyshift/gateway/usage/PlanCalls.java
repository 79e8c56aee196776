package dev.keyshift.gateway.usage;

import dev.keyshift.routing.Alias;
import dev.keyshift.routing.CallTally;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.Plan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the key calls of every version of an alias whose plan holds a step: outcome and latency,
 * per hold, what the plan's gates read. Counting is lock-free; every {@link #FLUSH_INTERVAL} (and
 * before the gates are read here) what was counted since is added to the {@link CallsStore}. An
 * alias without a running plan costs one field read per call.
 */
public final class PlanCalls {
  public static final Duration FLUSH_INTERVAL = Usage.FLUSH_INTERVAL;

  private static final Logger LOG = LoggerFactory.getLogger(PlanCalls.class);

  private final CallsStore store;
  private final Map<Key, Counts> counts = new ConcurrentHashMap<>();

  /** The last flush queued; the next one starts when it ends. Guarded by this. */
  private Future<Void> tail = Future.succeededFuture();

  private Vertx vertx;
  private long timer = -1;

  public PlanCalls(CallsStore store) {
    this.store = store;
  }

  /** Flushes every {@link #FLUSH_INTERVAL} until {@link #close}. */
  public PlanCalls start(Vertx on) {
    this.vertx = on;
    timer =
        on.setPeriodic(
            FLUSH_INTERVAL.toMillis(),
            id ->
                flush()
                    .onFailure(
                        failure ->
                            LOG.warn(
                                "plan calls not flushed (kept, retried): {}",
                                failure.getMessage())));
    return this;
  }

  /** Whether calls of {@code alias} are counted now: its plan holds a step. */
  public static boolean counting(Alias alias) {
    Plan plan = alias.plan();
    return plan != null && plan.isRunning() && plan.applied();
  }

  /** One key call of {@code version} that took {@code nanos}; {@code failed}: backend trouble. */
  public void record(Alias alias, KeyVersion version, long nanos, boolean failed) {
    Key key = new Key(alias.plan().windowKey(), version.id());
    Counts count = counts.get(key);
    if (count == null) {
      count = counts.computeIfAbsent(key, k -> new Counts());
    }
    count.record(CallTally.bucketOf(nanos / 1000), failed);
  }

  /** Each version's calls in the plan's current hold, every replica's, this one's flushed first. */
  public Future<Map<String, CallTally>> tallies(Plan plan) {
    return flush().compose(flushed -> store.tallies(plan.windowKey()));
  }

  /** Adds what was counted since the last flush to the store. */
  public synchronized Future<Void> flush() {
    tail = tail.transform(previous -> flushNow());
    return tail;
  }

  public Future<Void> close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return flush().otherwiseEmpty();
  }

  private Future<Void> flushNow() {
    List<CallsStore.CallsDelta> deltas = new ArrayList<>();
    List<Runnable> marks = new ArrayList<>();
    counts.forEach((key, count) -> count.sinceFlush(key, deltas, marks));
    if (deltas.isEmpty()) {
      return Future.succeededFuture();
    }
    return store.add(deltas).onSuccess(added -> marks.forEach(Runnable::run));
  }

  private record Key(String window, String version) {}

  /** Counts only grow; a flush adds the difference to what it last added, so none is lost. */
  private static final class Counts {
    private final AtomicLongArray calls = new AtomicLongArray(CallTally.BUCKETS);
    private final AtomicLongArray errors = new AtomicLongArray(CallTally.BUCKETS);
    // Written by one flush at a time (PlanCalls#flush chains them).
    private final long[] flushedCalls = new long[CallTally.BUCKETS];
    private final long[] flushedErrors = new long[CallTally.BUCKETS];

    void record(int bucket, boolean failed) {
      if (failed) {
        errors.incrementAndGet(bucket);
      }
      calls.incrementAndGet(bucket);
    }

    void sinceFlush(Key key, List<CallsStore.CallsDelta> deltas, List<Runnable> marks) {
      for (int bucket = 0; bucket < CallTally.BUCKETS; bucket++) {
        long c = calls.get(bucket);
        long e = Math.min(errors.get(bucket), c);
        long newCalls = c - flushedCalls[bucket];
        long newErrors = e - flushedErrors[bucket];
        if (newCalls > 0 || newErrors > 0) {
          deltas.add(
              new CallsStore.CallsDelta(key.window(), key.version(), bucket, newCalls, newErrors));
          int b = bucket;
          marks.add(
              () -> {
                flushedCalls[b] = c;
                flushedErrors[b] = e;
              });
        }
      }
    }
  }
}
