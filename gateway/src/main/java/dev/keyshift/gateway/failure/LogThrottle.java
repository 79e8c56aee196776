package dev.keyshift.gateway.failure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * At most one log line per key and period, so that a vault outage at thousands of calls a second
 * writes a line every few seconds per kind of failure instead of thousands: the lines held back are
 * counted and the next line says how many. Keys must come from a bounded set (error codes, backend
 * and alias names from the config), never from what a client sends.
 */
public final class LogThrottle {
  /** The period of the gateway's failure lines. */
  public static final long PERIOD_SECONDS = 5;

  private final long periodNanos;
  private final LongSupplier nanoTime;
  private final Map<String, long[]> lastAndHeld = new ConcurrentHashMap<>();

  public LogThrottle() {
    this(TimeUnit.SECONDS.toNanos(PERIOD_SECONDS), System::nanoTime);
  }

  LogThrottle(long periodNanos, LongSupplier nanoTime) {
    this.periodNanos = periodNanos;
    this.nanoTime = nanoTime;
  }

  /**
   * Whether a line for {@code key} is due now.
   *
   * @return -1 to hold the line back; otherwise how many lines for the key were held back since the
   *     last one written
   */
  public long admit(String key) {
    long now = nanoTime.getAsLong();
    long[] state = lastAndHeld.computeIfAbsent(key, k -> new long[] {now - periodNanos, 0});
    synchronized (state) {
      if (now - state[0] < periodNanos) {
        state[1]++;
        return -1;
      }
      long held = state[1];
      state[0] = now;
      state[1] = 0;
      return held;
    }
  }

  /** {@code ""}, or {@code " (and 12 more like it in the last 5 s)"}, for the end of a line. */
  public static String heldBack(long held) {
    return held <= 0 ? "" : " (and " + held + " more like it in the last " + PERIOD_SECONDS + " s)";
  }
}
