package dev.keyshift.bench.soak;

import dev.keyshift.bench.soak.Timeline.Kind;
import dev.keyshift.bench.soak.Timeline.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The soak's verdict and its evidence: every failure explained by the fault or restart window it
 * fell in (or not), the memory trends over the steady part of the run, one row a minute, the final
 * unwrap of every envelope, a CSV of every sample and the charts.
 */
final class SoakReport {
  /** The trend window: the last 20 minutes, or the part of a shorter run after its restart. */
  static final double TREND_SECONDS = 20 * 60;

  private final Soak.Options options;
  private final double peak;
  private final double rate;
  private final double origin;
  private final List<Sample> samples;
  private final Timeline timeline;
  private final List<Failure> failures;
  private final FinalCheck.Result check;
  private final Map<String, long[]> byKind = new TreeMap<>();
  private final List<Failure> unexplained = new ArrayList<>();
  private final double[] explainedPerSample;
  private final double[] unexplainedPerSample;
  private final List<Map<String, Integer>> kindsPerSample = new ArrayList<>();

  SoakReport(
      Soak.Options options,
      double peak,
      double rate,
      double origin,
      List<Sample> samples,
      Timeline timeline,
      List<Failure> failures,
      FinalCheck.Result check) {
    this.options = options;
    this.peak = peak;
    this.rate = rate;
    this.origin = origin;
    this.samples = List.copyOf(samples);
    this.timeline = timeline;
    this.failures = failures;
    this.check = check;
    this.explainedPerSample = new double[this.samples.size()];
    this.unexplainedPerSample = new double[this.samples.size()];
    this.samples.forEach(sample -> kindsPerSample.add(new TreeMap<>()));
    classify();
  }

  /** Zero unexplained failures, every envelope unwrapped, RSS and heap after GC flat. */
  boolean passed() {
    return unexplained.isEmpty()
        && check.failures().isEmpty()
        && check.unwrapped() == check.checked()
        && trend(Sample::rssMib).flat()
        && trend(Sample::heapAfterGcMib).flat();
  }

  void write(Path dir) throws IOException {
    writeText(dir);
    writeCharts(dir);
  }

  /** {@code soak-report.md} and {@code samples.csv}. */
  void writeText(Path dir) throws IOException {
    Files.writeString(dir.resolve("samples.csv"), csv());
    Files.writeString(dir.resolve("soak-report.md"), markdown());
  }

  /** The three PNG charts the report embeds. */
  void writeCharts(Path dir) throws IOException {
    SoakCharts charts = new SoakCharts(samples, timeline.windows(), origin);
    charts.memory(dir.resolve("soak-memory.png"));
    charts.latency(dir.resolve("soak-latency.png"));
    charts.failures(dir.resolve("soak-failures.png"), explainedPerSample, unexplainedPerSample);
  }

  private void classify() {
    for (Failure failure : failures) {
      Window window = timeline.explain(failure);
      String by = window == null ? "unexplained" : window.kind.description;
      byKind.computeIfAbsent(failure.kind() + "|" + by, k -> new long[1])[0]++;
      int sample = sampleOf(failure.answeredAt());
      if (window == null) {
        unexplained.add(failure);
      }
      if (sample >= 0) {
        (window == null ? unexplainedPerSample : explainedPerSample)[sample]++;
        kindsPerSample.get(sample).merge(failure.kind(), 1, Integer::sum);
      }
    }
  }

  private int sampleOf(double at) {
    for (int i = 0; i < samples.size(); i++) {
      if (at <= samples.get(i).at()) {
        return i;
      }
    }
    return samples.size() - 1;
  }

  private Trend trend(java.util.function.ToDoubleFunction<Sample> value) {
    double from = trendFrom();
    List<Sample> window = samples.stream().filter(s -> s.at() >= from).toList();
    double[] seconds = new double[window.size()];
    double[] values = new double[window.size()];
    for (int i = 0; i < values.length; i++) {
      seconds[i] = window.get(i).at();
      values[i] = value.applyAsDouble(window.get(i));
    }
    return Trend.fit(seconds, values);
  }

  /** Seconds (in the samples' time) where the trend window starts. */
  private double trendFrom() {
    double end = samples.isEmpty() ? origin : samples.get(samples.size() - 1).at();
    double restartReady =
        timeline.windows().stream()
            .filter(w -> w.kind == Kind.RESTART)
            .mapToDouble(w -> w.end + 60)
            .max()
            .orElse(origin);
    double from = Math.max(end - TREND_SECONDS, restartReady);
    // A run too short for that is judged on its whole second half.
    return end - from < 120 ? end - (end - origin) / 2 : from;
  }

  private String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# Soak run, ").append(Instant.now().toString(), 0, 16).append(" UTC\n\n");
    md.append("- Length: ").append(fmt("%.0f", options.minutes())).append(" minutes of load\n");
    md.append(
        fmt(
            "- Rate: %.0f requests/s, half of the peak of %.0f/s (64 in flight, every wrap"
                + " on the vault-backed version, the heaviest routing the soak visits)%n",
            rate, peak));
    md.append(
        "- Mix: 40% wrap, 35% unwrap, 10% rewrap, 10% batch wrap and 5% batch unwrap of 10"
            + " items; lazy rewrap on\n");
    md.append("- Gateway JVM: ").append(String.join(" ", Soak.GATEWAY_JVM)).append('\n');
    md.append("\n## Verdict: ").append(passed() ? "passed" : "FAILED").append("\n\n");
    verdict(md);
    md.append("\n## Failures, and what explains them\n\n");
    failureTable(md);
    md.append("\n## Windows\n\n| window | from (min) | to (min) |\n| --- | --- | --- |\n");
    for (Window window : timeline.windows()) {
      md.append(
          fmt(
              "| %s | %.2f | %.2f |%n",
              window.kind.description, (window.start - origin) / 60, (window.end - origin) / 60));
    }
    md.append("\n## One sample a minute\n\n");
    minuteTable(md);
    md.append(
        "\n![memory](soak-memory.png)\n\n![latency](soak-latency.png)\n\n"
            + "![failures](soak-failures.png)\n");
    return md.toString();
  }

  private void verdict(StringBuilder md) {
    long total = samples.stream().mapToLong(Sample::answers).sum();
    md.append(
        fmt(
            "- Calls answered during the soak: %d; failures (calls and batch items): %d,"
                + " unexplained: %d%n",
            total, failures.size(), unexplained.size()));
    unexplainedGroups(md);
    md.append(
        fmt(
            "- Envelopes issued: %d; unwrapped at the end: %d%n",
            check.checked(), check.unwrapped()));
    for (Failure failure : check.failures().subList(0, Math.min(10, check.failures().size()))) {
      md.append("  - ").append(failure.detail()).append('\n');
    }
    double from = (trendFrom() - origin) / 60;
    trendLine(md, "RSS", trend(Sample::rssMib), from);
    trendLine(md, "Heap after GC", trend(Sample::heapAfterGcMib), from);
  }

  /** The unexplained failures by kind and operation per tenth of a minute, first 20 groups. */
  private void unexplainedGroups(StringBuilder md) {
    Map<String, long[]> groups = new java.util.LinkedHashMap<>();
    Map<String, Failure> firsts = new java.util.HashMap<>();
    for (Failure failure : unexplained) {
      String key =
          fmt(
              "%.1f %s %s",
              (failure.answeredAt() - origin) / 60, failure.operation(), failure.kind());
      groups.computeIfAbsent(key, k -> new long[1])[0]++;
      firsts.putIfAbsent(key, failure);
    }
    groups.entrySet().stream()
        .limit(20)
        .forEach(
            group -> {
              Failure first = firsts.get(group.getKey());
              md.append(
                  fmt(
                      "  - %d × %s at %.2f min (sent at %.2f): %s%n",
                      group.getValue()[0],
                      first.operation() + " " + first.kind(),
                      (first.answeredAt() - origin) / 60,
                      (first.sentAt() - origin) / 60,
                      first.detail()));
            });
  }

  private static void trendLine(StringBuilder md, String what, Trend trend, double fromMinute) {
    md.append(
        fmt(
            "- %s from minute %.1f on: mean %.0f MiB, fitted slope %+.2f MiB/min, fitted"
                + " rise %+.1f MiB (%+.1f%% of the mean; flat below %.0f%%): %s%n",
            what,
            fromMinute,
            trend.mean(),
            trend.slopePerMinute(),
            trend.rise(),
            100 * trend.rise() / trend.mean(),
            100 * Trend.FLAT_SHARE,
            trend.flat() ? "flat" : "RISING"));
  }

  private void failureTable(StringBuilder md) {
    if (byKind.isEmpty()) {
      md.append("None.\n");
      return;
    }
    md.append("| answer | count | explained by |\n| --- | --- | --- |\n");
    byKind.forEach(
        (key, count) -> {
          String[] parts = key.split("\\|", 2);
          md.append(fmt("| %s | %d | %s |%n", parts[0], count[0], parts[1]));
        });
  }

  private void minuteTable(StringBuilder md) {
    md.append(
        "| min | RSS MiB | heap after GC MiB | GC pauses (sum ms, max ms) | fds | threads"
            + " | answers/s | p50 ms | p99 ms | failures (unexplained) |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    int pauses = 0;
    double pauseSum = 0;
    double pauseMax = 0;
    long answers = 0;
    double failed = 0;
    double unexplainedCount = 0;
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      pauses += s.gcPauses();
      pauseSum += s.gcPauseMillis();
      pauseMax = Math.max(pauseMax, s.gcMaxPauseMillis());
      answers += s.answers();
      failed += explainedPerSample[i] + unexplainedPerSample[i];
      unexplainedCount += unexplainedPerSample[i];
      if ((i + 1) % 6 == 0 || i == samples.size() - 1) {
        md.append(
            fmt(
                "| %.0f | %.0f | %.0f | %d (%.0f, %.0f) | %d | %d | %.0f | %.2f | %.2f |"
                    + " %.0f (%.0f) |%n",
                (s.at() - origin) / 60,
                s.rssMib(),
                s.heapAfterGcMib(),
                pauses,
                pauseSum,
                pauseMax,
                s.openFiles(),
                s.threads(),
                answers / 60.0,
                s.p50Millis(),
                s.p99Millis(),
                failed,
                unexplainedCount));
        pauses = 0;
        pauseSum = 0;
        pauseMax = 0;
        answers = 0;
        failed = 0;
        unexplainedCount = 0;
      }
    }
  }

  private String csv() {
    StringBuilder csv =
        new StringBuilder(
            "minute,pid,rss_mib,heap_after_gc_mib,gc_pauses,"
                + "gc_pause_ms,gc_max_pause_ms,open_fds,threads,answers,p50_ms,p99_ms,failures,"
                + "unexplained,failures_by_kind\n");
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      csv.append(
          fmt(
              "%.3f,%d,%.1f,%.1f,%d,%.1f,%.1f,%d,%d,%d,%.3f,%.3f,%.0f,%.0f,%s%n",
              (s.at() - origin) / 60,
              s.pid(),
              s.rssMib(),
              s.heapAfterGcMib(),
              s.gcPauses(),
              s.gcPauseMillis(),
              s.gcMaxPauseMillis(),
              s.openFiles(),
              s.threads(),
              s.answers(),
              s.p50Millis(),
              s.p99Millis(),
              explainedPerSample[i] + unexplainedPerSample[i],
              unexplainedPerSample[i],
              kinds(kindsPerSample.get(i))));
    }
    return csv.toString();
  }

  /** {@code "429 THROTTLED: 12; transport: 3"}, quoted for the CSV. */
  private static String kinds(Map<String, Integer> kinds) {
    StringBuilder text = new StringBuilder("\"");
    kinds.forEach(
        (kind, count) -> text.append(text.length() > 1 ? "; " : "").append(kind + ": " + count));
    return text.append('"').toString();
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
