package dev.keyshift.bench;

import java.util.Locale;

/** Markdown tables of the load, latency and slow-backend runs. */
final class LoadTables {
  private LoadTables() {}

  static String throughput(Results load) {
    StringBuilder md =
        new StringBuilder(
            "| connections | plain req/s | wrap req/s (share) | unwrap req/s (share)"
                + " | wrap p50 / p99 / p99.9 ms | unwrap p50 / p99 / p99.9 ms"
                + " | plain p50 / p99 / p99.9 ms | server CPU µs per request: plain / wrap / unwrap |\n");
    md.append("| ---: | ---: | ---: | ---: | --- | --- | --- | --- |\n");
    for (String c : load.values("wrap", "c")) {
      String plain = "plain c=" + c;
      String wrap = "wrap c=" + c;
      String unwrap = "unwrap c=" + c;
      double base = load.number(plain, "rps");
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.0f | %,.0f (%s) | %,.0f (%s) | %s | %s | %s | %s / %s / %s |%n",
              c,
              base,
              load.number(wrap, "rps"),
              Goals.percent(load.number(wrap, "rps") / base),
              load.number(unwrap, "rps"),
              Goals.percent(load.number(unwrap, "rps") / base),
              percentiles(load, wrap),
              percentiles(load, unwrap),
              percentiles(load, plain),
              text(load.number(plain, "cpu_us_per_req")),
              text(load.number(wrap, "cpu_us_per_req")),
              text(load.number(unwrap, "cpu_us_per_req"))));
    }
    md.append(rounds(load));
    md.append(
        String.format(
            Locale.ROOT,
            "%nGateway after the run: RSS %s MiB, heap in use %s MiB.%n",
            text(load.number("gateway", "rss_mib")),
            text(load.number("gateway", "heap_used_mib"))));
    return md.toString();
  }

  /**
   * Each round's shares of the plain server, round by round ({@code rounds c=N} lines): the median
   * alone hides how far single rounds moved.
   */
  private static String rounds(Results load) {
    StringBuilder md = new StringBuilder();
    for (String c : load.values("rounds", "c")) {
      load.line("rounds c=" + c)
          .ifPresent(
              shares ->
                  md.append(
                      String.format(
                          Locale.ROOT,
                          "%nRound by round at %s %s, share of the plain server:"
                              + " wrap %s, unwrap %s.%n",
                          c,
                          c.equals("1") ? "connection" : "connections",
                          percentages(shares.get("wrap/plain")),
                          percentages(shares.get("unwrap/plain")))));
    }
    return md.toString();
  }

  /** {@code 80,71,83%} as {@code 80%, 71%, 83%}. */
  private static String percentages(String shares) {
    if (shares == null) {
      return "?";
    }
    return String.join("%, ", shares.replace("%", "").split(",")) + "%";
  }

  static String latency(Results load) {
    StringBuilder md =
        new StringBuilder(
            "| server | req/s asked | req/s sent | p50 ms | p99 ms | p99.9 ms"
                + " | p99 added to the plain server's |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    double plainP99 = load.number("latency plain", "p99_ms");
    for (String server : new String[] {"plain", "wrap", "unwrap"}) {
      String line = "latency " + server;
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %.2f | %.2f | %.2f | %s |%n",
              server,
              text(load.number(line, "rate")),
              text(load.number(line, "rps")),
              load.number(line, "p50_ms"),
              load.number(line, "p99_ms"),
              load.number(line, "p999_ms"),
              server.equals("plain")
                  ? "—"
                  : String.format(Locale.ROOT, "%.2f ms", load.number(line, "p99_ms") - plainP99)));
    }
    return md.toString();
  }

  static String slow(Results slow) {
    StringBuilder md =
        new StringBuilder(
            "| in flight | Little's law req/s | plain + 50 ms req/s | gateway req/s"
                + " | gateway / Little's law | gateway / plain | gateway mean / p99 ms"
                + " | gateway heap max MiB | errors |\n");
    md.append("| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |\n");
    for (String c : slow.values("gateway+50ms", "c")) {
      String gateway = "gateway+50ms c=" + c;
      String plain = "plain+50ms c=" + c;
      double little = slow.number(gateway, "littles_law_rps");
      double rps = slow.number(gateway, "rps");
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.0f | %,.0f | %,.0f | %.0f%% | %.0f%% | %.1f / %.1f | %s | %s |%n",
              c,
              little,
              slow.number(plain, "rps"),
              rps,
              100 * rps / little,
              100 * rps / slow.number(plain, "rps"),
              slow.number(gateway, "mean_ms"),
              slow.number(gateway, "p99_ms"),
              text(slow.number(gateway, "heap_max_mib")),
              text(slow.number(gateway, "errors"))));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nGateway peak RSS %s MiB, with -Xmx512m.%n",
            text(slow.number("gateway peak", "rss_mib"))));
    return md.toString();
  }

  static String percentiles(Results results, String line) {
    return String.format(
        Locale.ROOT,
        "%.2f / %.2f / %.2f",
        results.number(line, "p50_ms"),
        results.number(line, "p99_ms"),
        results.number(line, "p999_ms"));
  }

  static String text(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }
}
