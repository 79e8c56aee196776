package dev.keyshift.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated part of docs/PERFORMANCE.md: figures computed from the scripts' result lines. */
class PerformanceReportTest {
  private static final List<String> LOAD =
      List.of(
          "plain c=64 rps=50000 p50_ms=0.30 p99_ms=9.00 p999_ms=20.00 errors=0 requests=1 cpu_us_per_req=14.0",
          "wrap c=64 rps=10 p50_ms=9.99 p99_ms=99.00 p999_ms=99.00 errors=0 requests=1 cpu_us_per_req=99.0",
          "--- medians of 3 rounds, 10 s each",
          "plain c=64 rps=60000 p50_ms=0.30 p99_ms=10.00 p999_ms=20.00 errors=0 requests=1 cpu_us_per_req=13.5",
          "wrap c=64 rps=48000 p50_ms=1.20 p99_ms=6.00 p999_ms=12.00 errors=0 requests=1 cpu_us_per_req=27.0",
          "unwrap c=64 rps=39000 p50_ms=1.30 p99_ms=7.00 p999_ms=14.00 errors=0 requests=1 cpu_us_per_req=28.0",
          "rounds c=64 wrap/plain=80,71,83% unwrap/plain=65,62,70%",
          "latency plain rate=20000 rps=20000 mean_ms=1.0 p50_ms=0.90 p99_ms=3.00 p999_ms=9.00",
          "latency wrap rate=20000 rps=20000 mean_ms=1.0 p50_ms=1.10 p99_ms=3.50 p999_ms=9.00",
          "latency unwrap rate=20000 rps=19500 p50_ms=1.10 p99_ms=4.25 p999_ms=9.00 errors=0",
          "gateway rss_mib=300 heap_used_mib=40");
  private static final List<String> SLOW =
      List.of(
          "\u001B[0m\u001B[0mplain+50ms c=10000 rps=20000 mean_ms=500 p50_ms=480 p99_ms=900 p999_ms=990 max_ms=999"
              + " requests=1 errors=0 heap_max_mib=-1 littles_law_rps=200000",
          "gateway+50ms c=10000 rps=10000 mean_ms=990 p50_ms=900 p99_ms=1700 p999_ms=2000"
              + " max_ms=2100 requests=1 errors=0 heap_max_mib=336 littles_law_rps=200000",
          "gateway peak rss_mib=555");
  private static final List<String> JMH =
      List.of(
          "Benchmark                                (rules)  Mode  Cnt      Score      Error  Units",
          "EnvelopeBench.parse                          N/A  avgt    5    161.279 ±   36.391  ns/op",
          "TokenCheckBench.check                         20  avgt    5    774.679 ±  329.825  ns/op");

  private final String report =
      PerformanceReport.render(
          Map.of(
              "load",
              LOAD,
              "slow",
              SLOW,
              "jmh",
              JMH,
              "backends",
              List.of(),
              "hop",
              List.of("[INFO] noise", "\u001B[0minline wrap 3,216 ns/op\u001B[0m"),
              "machine",
              List.of("Measured somewhere"),
              "vault",
              List.of("transport=vertx cpu_us_per_vault_call=150")),
          "bench/run-all.sh 10");

  @Test
  void vaultTransportFigures_haveTheirSection() {
    assertThat(report)
        .contains(
            "### CPU per vault call, per Azure transport (bench/vault-transport.sh)\n\n```\n"
                + "transport=vertx cpu_us_per_vault_call=150\n```");
  }

  @Test
  void goals_areJudgedOnTheMedianRoundsAndTheTenThousandRun() {
    assertThat(report)
        .contains("| wrap ≥ 75% of the plain server's req/s at 64 connections | 80% | yes |")
        .contains("| unwrap ≥ 75% of the plain server's req/s at 64 connections | 65% | **no** |")
        .contains("| wrap p99 added latency < 1 ms at half of peak | 0.50 ms | yes |")
        .contains("| unwrap p99 added latency < 1 ms at half of peak | 1.25 ms | **no** |")
        .contains("| within 5% of Little's law at 10,000 in flight | 5% of it | **no** |")
        .contains("| heap < 512 MiB at 10,000 in flight | 336 MiB (max in use) | yes |");
  }

  @Test
  void aShareJustUnderTheGoal_readsUnderIt() {
    Results load =
        new Results(
            List.of(
                "plain c=64 rps=137566 p99_ms=9.00",
                "wrap c=64 rps=102962 p99_ms=9.00",
                "unwrap c=64 rps=103175 p99_ms=9.00",
                "latency plain p99_ms=1.00",
                "latency wrap p99_ms=1.00",
                "latency unwrap p99_ms=1.00"));
    assertThat(Goals.table(load, new Results(SLOW)))
        .contains("| wrap ≥ 75% of the plain server's req/s at 64 connections | 74% | **no** |")
        .contains("| unwrap ≥ 75% of the plain server's req/s at 64 connections | 75% | yes |");
  }

  @Test
  void tables_carryTheFiguresAndTheirRatios() {
    assertThat(report)
        .contains("Command: `bench/run-all.sh 10`")
        .contains(
            "| 64 | 60,000 | 48,000 (80%) | 39,000 (65%) | 1.20 / 6.00 / 12.00 | 1.30 / 7.00 / 14.00"
                + " | 0.30 / 10.00 / 20.00 | 13.5 / 27 / 28 |")
        .contains("| unwrap | 20,000 | 19,500 | 1.10 | 4.25 | 9.00 | 1.25 ms |")
        .contains("| 10000 | 200,000 | 20,000 | 10,000 | 5% | 50% | 990.0 / 1700.0 | 336 | 0 |")
        .contains("| EnvelopeBench.parse | N/A | 161.279 | 36.391 | ns/op |")
        .contains("| TokenCheckBench.check | 20 | 774.679 | 329.825 | ns/op |")
        .contains("```\ninline wrap 3,216 ns/op\n```")
        .contains("bench/profile.sh)\n\n" + PerformanceReport.NO_OUTPUT + "\n")
        .doesNotContain("[INFO]")
        .contains(
            "Round by round at 64 connections, share of the plain server: wrap 80%, 71%, 83%,"
                + " unwrap 65%, 62%, 70%.")
        .contains("Gateway after the run: RSS 300 MiB, heap in use 40 MiB.");
  }

  @Test
  void splice_replacesOnlyTheGeneratedPart() {
    String document =
        "# keyshift performance\nanalysis by hand\n"
            + PerformanceReport.BEGIN
            + "\nold figures\n"
            + PerformanceReport.END
            + "\nmore analysis\n";
    String spliced = PerformanceReport.splice(document, "new figures\n");
    assertThat(spliced)
        .isEqualTo(
            "# keyshift performance\nanalysis by hand\n"
                + PerformanceReport.BEGIN
                + "\nnew figures\n"
                + PerformanceReport.END
                + "\nmore analysis\n");
    assertThat(PerformanceReport.splice("no markers\n", "figures\n"))
        .startsWith("no markers\n")
        .contains(PerformanceReport.BEGIN + "\nfigures\n" + PerformanceReport.END);
  }
}
