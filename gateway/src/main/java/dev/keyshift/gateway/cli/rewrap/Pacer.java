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

  /** The time the pacer reads and waits on; the system's, or a test's. */
  interface Ticker {
    Ticker SYSTEM =
        new Ticker() {
          @Override
          public long nanos() {
            return System.nanoTime();
          }

          @Override
          public void sleep(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
          }
        };

    long nanos();

    void sleep(long nanos) throws InterruptedException;
  }

  private final Ticker ticker;
  private final double ceiling;
  private double rate;
  private long next;
  private boolean recovering;
  private long lastSlowdown;
  private final long start;
  private long acquired;

  /**
   * @param rowsPerSecond the ceiling; 0 for none
   */
  Pacer(double rowsPerSecond) {
    this(rowsPerSecond, Ticker.SYSTEM);
  }

  Pacer(double rowsPerSecond, Ticker ticker) {
    this.ticker = ticker;
    this.ceiling = rowsPerSecond;
    this.rate = rowsPerSecond;
    this.start = ticker.nanos();
    this.next = start;
  }

  /** Blocks until {@code rows} more rows may be sent. */
  void acquire(int rows) throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = ticker.nanos();
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
      ticker.sleep(wait);
    }
  }

  /**
   * The gateway answered 429: slow down to half the current rate (with no limit set, half the rate
   * sent so far) and send nothing for {@code retryAfterSeconds}.
   */
  synchronized void throttled(int retryAfterSeconds) {
    long now = ticker.nanos();
    double base = rate > 0 ? rate : acquired / Math.max(1e-3, (now - start) / 1e9);
    rate = Math.max(1, base / 2);
    next = Math.max(next, now + TimeUnit.SECONDS.toNanos(Math.max(1, retryAfterSeconds)));
    lastSlowdown = now;
    recovering = true;
  }

  synchronized double rate() {
    return rate;
  }

  private void recover(long now) {
    if (!recovering || now - lastSlowdown < RECOVERY_NANOS) {
      return;
    }
    lastSlowdown = now;
    double up = rate * 1.1;
    if (ceiling > 0 && up >= ceiling) {
      rate = ceiling;
      recovering = false;
    } else if (ceiling <= 0 && up > 1e6) {
      rate = 0;
      recovering = false;
    } else {
      rate = up;
    }
  }
}
