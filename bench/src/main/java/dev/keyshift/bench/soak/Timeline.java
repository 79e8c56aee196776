package dev.keyshift.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the soak did to the gateway and when: the weight of the vault-backed version over time, the
 * fault windows and the restart. It decides which failed calls those explain. Times are seconds
 * since the soak began.
 */
final class Timeline {
  /**
   * How long after a fault ends its effects may still be seen: the open circuit's 10 s, a 5 s
   * backend timeout and a margin.
   */
  static final double FAULT_AFTERMATH = 20;

  /**
   * A restarted gateway is ready in about 6 s but cold: given the full load at once, its vault
   * calls queue past the bulkhead for about 25 s while the JIT compiles the hot paths and the vault
   * connections are made again (docs/PERFORMANCE.md, "Soak").
   */
  static final double RESTART_AFTERMATH = 30;

  /** The kinds of window, with the failures each can cause. */
  enum Kind {
    SLOW(
        "vault answers 1.5 s late",
        Set.of("429 THROTTLED", "503 BACKEND_UNAVAILABLE", "504 BACKEND_TIMEOUT")),
    THROTTLING(
        "vault answers 429 Throttled",
        Set.of("429 THROTTLED", "503 BACKEND_UNAVAILABLE", "504 BACKEND_TIMEOUT")),
    // The SDK retries a refused connection twice, so calls stay in flight and can fill the
    // bulkhead.
    REFUSED(
        "vault refuses connections",
        Set.of(
            "502 BACKEND_ERROR",
            "503 BACKEND_UNAVAILABLE",
            "429 THROTTLED",
            "504 BACKEND_TIMEOUT")),
    RESTART(
        "graceful restart",
        Set.of("transport", "429 THROTTLED", "503 BACKEND_UNAVAILABLE", "504 BACKEND_TIMEOUT"));

    final String description;
    final Set<String> explains;

    Kind(String description, Set<String> explains) {
      this.description = description;
      this.explains = explains;
    }

    boolean isFault() {
      return this != RESTART;
    }
  }

  /** A window; {@code end} is NaN while it lasts. */
  static final class Window {
    final Kind kind;
    final double start;
    double end = Double.NaN;

    Window(Kind kind, double start) {
      this.kind = kind;
      this.start = start;
    }

    double aftermathEnd() {
      double closed = Double.isNaN(end) ? Double.POSITIVE_INFINITY : end;
      return closed + (kind.isFault() ? FAULT_AFTERMATH : RESTART_AFTERMATH);
    }
  }

  /**
   * A routing change: asked {@code at}, and certainly in effect from {@code settled} on (when the
   * gateway's answer came); in between, a call may have been routed by either side of it.
   */
  private static final class WeightChange {
    final double at;
    final int faultyWeight;
    double settled;

    WeightChange(double at, int faultyWeight) {
      this.at = at;
      this.faultyWeight = faultyWeight;
      this.settled = at;
    }

    @Override
    public String toString() {
      return "%.2f-%.2f min: %d".formatted(at / 60, settled / 60, faultyWeight);
    }
  }

  private final List<Window> windows = new ArrayList<>();
  private final List<WeightChange> weights = new ArrayList<>();

  /** The faulty (vault-backed) version's weight from {@code at} on; changes come in time order. */
  synchronized void weight(double at, int faultyWeight) {
    weights.add(new WeightChange(at, faultyWeight));
  }

  /** The last change was certainly in effect by {@code at} (the gateway answered it then). */
  synchronized void settleLastWeight(double at) {
    weights.get(weights.size() - 1).settled = at;
  }

  /** Forgets the last change: the gateway refused it. */
  synchronized void revertLastWeight() {
    weights.remove(weights.size() - 1);
  }

  /** The weight changes so far, for a report. */
  synchronized String weights() {
    return weights.toString();
  }

  synchronized Window open(Kind kind, double at) {
    Window window = new Window(kind, at);
    windows.add(window);
    return window;
  }

  synchronized void close(Window window, double at) {
    window.end = at;
  }

  synchronized List<Window> windows() {
    return List.copyOf(windows);
  }

  /** Whether the faulty version had a weight above 0 at any moment of {@code [from, to]}. */
  boolean faultyWeighted(double from, double to) {
    return weighted(true, from, to);
  }

  /**
   * Whether the faulty version ({@code faulty}) or the other one (whose weight is the rest of 100)
   * had a weight above 0 at any moment of {@code [from, to]}.
   */
  synchronized boolean weighted(boolean faulty, double from, double to) {
    int current = 0;
    boolean weighted = false;
    for (WeightChange change : weights) {
      if (change.at > to) {
        break;
      }
      int weight = faulty ? change.faultyWeight : 100 - change.faultyWeight;
      if (change.settled > from) {
        // Under way or made during [from, to]: the weight before it served calls then too.
        weighted |= current > 0;
      }
      current = weight;
    }
    return weighted || current > 0;
  }

  /**
   * The window that explains a failure, or null when none does.
   *
   * @param call the failed call: when it was sent and answered, and whether it could have needed
   *     the faulty version
   */
  synchronized Window explain(Failure call) {
    for (Window window : windows) {
      boolean overlaps =
          call.sentAt() <= window.aftermathEnd() && call.answeredAt() >= window.start;
      if (!overlaps || !window.kind.explains.contains(call.kind())) {
        continue;
      }
      if (!window.kind.isFault() || touchesFaulty(call)) {
        return window;
      }
    }
    return null;
  }

  private boolean touchesFaulty(Failure call) {
    return call.faultyEnvelope()
        || (call.wraps() && faultyWeighted(call.sentAt(), call.answeredAt()));
  }
}
