package dev.keyshift.bench;

import java.util.Locale;

/** The benchmark issue's goals, each against the figure that answers it. */
final class Goals {
  static final double THROUGHPUT_SHARE = 0.75;
  static final double ADDED_P99_MS = 1.0;
  static final double LITTLE_SHARE = 0.95;
  static final double HEAP_MIB = 512;

  private Goals() {}

  static String table(Results load, Results slow) {
    StringBuilder md = new StringBuilder("| goal | measured | met |\n| --- | --- | --- |\n");
    for (String op : new String[] {"wrap", "unwrap"}) {
      double share = load.number(op + " c=64", "rps") / load.number("plain c=64", "rps");
      row(
          md,
          op + " ≥ 75% of the plain server's req/s at 64 connections",
          percent(share),
          share >= THROUGHPUT_SHARE);
      double added =
          load.number("latency " + op, "p99_ms") - load.number("latency plain", "p99_ms");
      row(
          md,
          op + " p99 added latency < 1 ms at half of peak",
          String.format(Locale.ROOT, "%.2f ms", added),
          added < ADDED_P99_MS);
    }
    String top = "gateway+50ms c=10000";
    double little = slow.number(top, "rps") / slow.number(top, "littles_law_rps");
    row(
        md,
        "within 5% of Little's law at 10,000 in flight",
        percent(little) + " of it",
        little >= LITTLE_SHARE);
    double heap = slow.number(top, "heap_max_mib");
    row(
        md,
        "heap < 512 MiB at 10,000 in flight",
        LoadTables.text(heap) + " MiB (max in use)",
        heap < HEAP_MIB);
    return md.toString();
  }

  private static void row(StringBuilder md, String goal, String measured, boolean met) {
    md.append("| ").append(goal).append(" | ").append(measured).append(" | ");
    md.append(met ? "yes" : "**no**").append(" |\n");
  }

  /**
   * Whole percent, rounded down: a share of 74.9% reads 74% beside its "no", never 75% (the epsilon
   * keeps an exact ratio such as 4/5 from reading 79% through binary rounding).
   */
  static String percent(double share) {
    return Double.isNaN(share)
        ? "n/a"
        : String.format(Locale.ROOT, "%.0f%%", Math.floor(100 * share + 1e-9));
  }
}
