package dev.keyshift.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyshift.bench.soak.Timeline.Kind;
import java.awt.GraphicsEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's verdict and files, from a synthetic run: flat memory, one fault, one stray error.
 */
class SoakReportTest {
  @Test
  void aStrayError_failsTheVerdict_andIsListedWithItsTime(@TempDir Path dir) throws Exception {
    SoakReport report = report(dir, true);

    report.writeText(dir);

    assertThat(report.passed()).isFalse();
    String md = Files.readString(dir.resolve("soak-report.md"));
    assertThat(md)
        .contains("## Verdict: FAILED")
        .contains("| 429 THROTTLED | 1 | vault answers 429 Throttled |")
        .contains("| 502 BACKEND_ERROR | 1 | unexplained |")
        .contains("1 × unwrap 502 BACKEND_ERROR at 5.00 min")
        .contains("Envelopes issued: 10; unwrapped at the end: 10");
    List<String> csv = Files.readAllLines(dir.resolve("samples.csv"));
    assertThat(csv).hasSize(61);
    assertThat(csv.get(7)).endsWith(",1,0,\"429 THROTTLED: 1\"");
  }

  @Test
  void withoutStrayErrors_andFlatMemory_theVerdictPasses(@TempDir Path dir) {
    assertThat(report(dir, false).passed()).isTrue();
  }

  @Test
  void theChartsArePngs(@TempDir Path dir) throws Exception {
    System.setProperty("java.awt.headless", "true");
    assumeTrue(
        GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames().length > 0,
        "no fonts to draw text with");

    report(dir, true).writeCharts(dir);

    for (String png : List.of("soak-memory.png", "soak-latency.png", "soak-failures.png")) {
      assertThat(Files.readAllBytes(dir.resolve(png)))
          .startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }
  }

  private static SoakReport report(Path dir, boolean strayError) {
    Timeline timeline = new Timeline();
    timeline.weight(0, 50);
    Timeline.Window fault = timeline.open(Kind.THROTTLING, 60);
    timeline.close(fault, 80);
    List<Sample> samples = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      samples.add(
          new Sample(i * 10, 1, 500 + i % 3, 60 + i % 5, 1, 5, 5, 200, 60, 8000, 0.5, 9 + i % 2));
    }
    List<Failure> failures = new ArrayList<>();
    failures.add(new Failure(65, 66, "wrap", "429 THROTTLED", false, true, "throttled"));
    if (strayError) {
      failures.add(new Failure(300, 300.1, "unwrap", "502 BACKEND_ERROR", false, false, "stray"));
    }
    return new SoakReport(
        new Soak.Options(Path.of("keyshift.jar"), dir, 10, 0),
        1000,
        500,
        0,
        samples,
        timeline,
        failures,
        new FinalCheck.Result(10, 10, List.of()));
  }
}
