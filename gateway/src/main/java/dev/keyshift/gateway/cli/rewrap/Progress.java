package dev.keyshift.gateway.cli.rewrap;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * How far the job is: a bar redrawn in place on a terminal (rows of the estimate, rows/s, ETA), a
 * line every {@link #LOG_EVERY} otherwise (a log file, a CI job).
 */
final class Progress {
  static final Duration LOG_EVERY = Duration.ofSeconds(10);
  private static final long REDRAW_NANOS = Duration.ofMillis(250).toNanos();
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private final long total;
  private final long startDone;
  private final long start = System.nanoTime();
  private long lastShown = start;

  Progress(PrintWriter err, boolean terminal, long total, long alreadyDone) {
    this.err = err;
    this.terminal = terminal;
    this.total = total;
    this.startDone = alreadyDone;
  }

  /** Rows per second this run has achieved. */
  synchronized double rate(long done) {
    double seconds = (System.nanoTime() - start) / 1e9;
    return seconds <= 0 ? 0 : (done - startDone) / seconds;
  }

  synchronized void update(long done) {
    long now = System.nanoTime();
    long every = terminal ? REDRAW_NANOS : LOG_EVERY.toNanos();
    if (now - lastShown < every) {
      return;
    }
    lastShown = now;
    show(done);
  }

  synchronized void finish(long done) {
    if (terminal) {
      show(done);
      err.println();
      err.flush();
    }
  }

  private void show(long done) {
    double rate = rate(done);
    long shownTotal = Math.max(total, done);
    String eta = rate <= 0 ? "--:--" : clock(Math.round((shownTotal - done) / rate));
    String counts =
        String.format("%,d/%,d rows  %,.0f rows/s  ETA %s", done, shownTotal, rate, eta);
    if (terminal) {
      int filled = shownTotal == 0 ? WIDTH : (int) (WIDTH * done / shownTotal);
      err.print("\r[" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + counts);
    } else {
      err.println("keyshift rewrap: " + counts);
    }
    err.flush();
  }

  private static String clock(long seconds) {
    return seconds >= 3600
        ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format("%d:%02d", seconds / 60, seconds % 60);
  }
}
