package dev.keyshift.routing;

import java.util.Arrays;

/**
 * A version's backend calls over a window, as the plan gates read them: how many, how many failed,
 * and their latencies in {@link #BUCKETS} buckets, so that tallies from several replicas add up and
 * still give a 99th percentile.
 */
public final class CallTally {
  /** Latency buckets: four per doubling from 100 µs, the last open-ended (above about 90 s). */
  public static final int BUCKETS = 80;

  private static final long[] UPPER_MICROS = upperBounds();

  private long calls;
  private long errors;
  private final long[] latency = new long[BUCKETS];

  /** The bucket a call of {@code micros} falls in. */
  public static int bucketOf(long micros) {
    int index = Arrays.binarySearch(UPPER_MICROS, micros);
    int bucket = index >= 0 ? index : -index - 1;
    return Math.min(bucket, BUCKETS - 1);
  }

  /** The upper bound of a bucket, in milliseconds. */
  public static double upperMillis(int bucket) {
    return UPPER_MICROS[bucket] / 1000.0;
  }

  /** Adds {@code count} calls in {@code bucket}, {@code failed} of which failed. */
  public CallTally add(int bucket, long count, long failed) {
    calls += count;
    errors += failed;
    latency[bucket] += count;
    return this;
  }

  /** Adds another tally. */
  public CallTally add(CallTally other) {
    calls += other.calls;
    errors += other.errors;
    for (int i = 0; i < BUCKETS; i++) {
      latency[i] += other.latency[i];
    }
    return this;
  }

  public long calls() {
    return calls;
  }

  public long errors() {
    return errors;
  }

  /** Calls in one bucket. */
  public long inBucket(int bucket) {
    return latency[bucket];
  }

  public double errorRatio() {
    return calls == 0 ? 0 : (double) errors / calls;
  }

  /**
   * The 99th-percentile latency in milliseconds: the upper bound of the bucket holding it (so never
   * below the true value, and at most 19% above), or 0 without calls.
   */
  public double p99Millis() {
    long rank = (long) Math.ceil(calls * 0.99);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += latency[i];
      if (seen >= rank && seen > 0) {
        return upperMillis(i);
      }
    }
    return 0;
  }

  private static long[] upperBounds() {
    long[] bounds = new long[BUCKETS];
    for (int i = 0; i < BUCKETS - 1; i++) {
      bounds[i] = Math.round(100 * Math.pow(2, i / 4.0));
    }
    bounds[BUCKETS - 1] = Long.MAX_VALUE;
    return bounds;
  }
}
