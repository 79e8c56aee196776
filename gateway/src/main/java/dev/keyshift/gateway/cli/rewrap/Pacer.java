package dev.keyshift.gateway.cli.rewrap;

import java.util.concurrent.TimeUnit;

/**
 * Holds the job to a rate of rows per second: each batch takes its rows' share of time on one
 * schedule, so no second ever carries more than the rate plus one batch in flight, and unused time
 * is never saved up into a burst. A 429 halves the rate and pauses the schedule for the server's
 * {@code Retry-After}; every quiet half-minute after that wins back a tenth, up to the rate asked.
 */
final class Pacer {
  private static final long RECOVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final double ceiling;
  private double rate;
  private long next;
  private long lastSlowdown;
  private final long start = System.nanoTime();
  private long acquired;

  /**
   * @param rowsPerSecond the ceiling; 0 for none
   */
  Pacer(double rowsPerSecond) {
    this.ceiling = rowsPerSecond;
    this.rate = rowsPerSecond;
    this.next = System.nanoTime();
  }

  /** Blocks until {@code rows} more rows may be sent. */
  void acquire(int rows) throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = System.nanoTime();
      recover(now);
      acquired += rows;
      if (rate <= 0) {
        return;
      }
      long start = Math.max(now, next);
      next = start + (long) (rows * 1e9 / rate);
      wait = start - now;
    }
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  /**
   * The gateway answered 429: slow down to half the current rate (with no limit set, half the rate
   * sent so far) and send nothing for {@code retryAfterSeconds}.
   */
  synchronized void throttled(int retryAfterSeconds) {
    long now = System.nanoTime();
    double base = rate > 0 ? rate : acquired / Math.max(1e-3, (now - start) / 1e9);
    rate = Math.max(1, base / 2);
    next = Math.max(next, now + TimeUnit.SECONDS.toNanos(Math.max(1, retryAfterSeconds)));
    lastSlowdown = now;
  }

  synchronized double rate() {
    return rate;
  }

  private void recover(long now) {
    if (lastSlowdown == 0 || now - lastSlowdown < RECOVERY_NANOS) {
      return;
    }
    lastSlowdown = now;
    double up = rate * 1.1;
    if (ceiling > 0 && up >= ceiling) {
      rate = ceiling;
      lastSlowdown = 0;
    } else if (ceiling <= 0 && up > 1e6) {
      rate = 0;
      lastSlowdown = 0;
    } else {
      rate = up;
    }
  }
}
