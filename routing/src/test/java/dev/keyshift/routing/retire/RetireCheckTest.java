package dev.keyshift.routing.retire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.routing.retire.RetireCheck.Criterion;
import dev.keyshift.routing.retire.RetireCheck.Verdict;
import dev.keyshift.routing.retire.VersionEvidence.SourceScan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetireCheckTest {
  static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
  static final Duration QUIET = Duration.ofDays(30);
  static final Duration RETENTION = Duration.ofDays(35);
  static final Instant WEIGHT_ZERO = Instant.parse("2026-09-01T00:00:00Z");
  static final Instant LAST_WRAP = Instant.parse("2026-08-31T23:59:00Z");
  static final Instant EMPTY_SINCE = Instant.parse("2026-10-01T00:00:00Z");

  /** Evidence that meets every criterion on NOW. */
  static VersionEvidence ready() {
    return new VersionEvidence(
        0,
        Instant.parse("2026-06-01T00:00:00Z"),
        LAST_WRAP,
        Instant.parse("2026-09-15T00:00:00Z"),
        WEIGHT_ZERO,
        List.of(
            new SourceScan("db.orders", Instant.parse("2026-10-20T00:00:00Z"), 0, EMPTY_SINCE),
            new SourceScan(
                "jsonl:/exports",
                Instant.parse("2026-10-02T00:00:00Z"),
                0,
                EMPTY_SINCE.minusSeconds(86_400))));
  }

  @Test
  void spans_readDaysHoursWeeksAndIso_andRefuseTheRest() {
    assertThat(RetireCheck.parseSpan("35d")).isEqualTo(Duration.ofDays(35));
    assertThat(RetireCheck.parseSpan(" 12h ")).isEqualTo(Duration.ofHours(12));
    assertThat(RetireCheck.parseSpan("5w")).isEqualTo(Duration.ofDays(35));
    assertThat(RetireCheck.parseSpan("P2D")).isEqualTo(Duration.ofDays(2));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetireCheck.parseSpan("soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a backup retention is like 35d, 12h, 5w or P35D, not soon");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RetireCheck.parseSpan("-P1D"))
        .hasMessageContaining("cannot be negative");
  }

  @Test
  void whenEveryCriterionHolds_isReady_fromTheLastBlobLeavingPlusRetention() {
    Verdict verdict = RetireCheck.evaluate(ready(), NOW, QUIET, RETENTION);
    assertThat(verdict.ready()).as("%s", verdict.criteria()).isTrue();
    assertThat(verdict.earliest()).contains(EMPTY_SINCE.plus(RETENTION));
  }

  @Test
  void aVersionWithWeight_isNotReady() {
    VersionEvidence e = ready();
    assertOnlyFailing(
        new VersionEvidence(
            5, e.countingSince(), NOW.minusSeconds(60), e.lastUnwrap(), null, e.scans()),
        "weight 0",
        "no wrap since weight 0",
        "no backup within");
  }

  @Test
  void aRecentUnwrap_isNotReady() {
    VersionEvidence e = ready();
    assertOnlyFailing(
        new VersionEvidence(
            0,
            e.countingSince(),
            e.lastWrap(),
            NOW.minus(Duration.ofDays(3)),
            e.weightZeroSince(),
            e.scans()),
        "no unwrap for 30 days");
  }

  @Test
  void tooShortAHistoryOfCounting_isNotEvidenceOfQuiet() {
    VersionEvidence e = ready();
    Verdict verdict =
        RetireCheck.evaluate(
            new VersionEvidence(
                0, NOW.minus(Duration.ofDays(2)), null, null, e.weightZeroSince(), e.scans()),
            NOW,
            QUIET,
            RETENTION);
    assertThat(failing(verdict)).containsExactly("no unwrap for 30 days");
    assertThat(evidence(verdict, "no unwrap")).contains("counted only since");
  }

  @Test
  void aScanThatStillFoundBlobs_isNotReady_andNoDateIsGiven() {
    VersionEvidence e = ready();
    List<SourceScan> scans =
        List.of(
            e.scans().get(0), new SourceScan("jsonl:/exports", NOW.minusSeconds(3600), 12, null));
    Verdict verdict =
        RetireCheck.evaluate(
            new VersionEvidence(
                0, e.countingSince(), e.lastWrap(), e.lastUnwrap(), e.weightZeroSince(), scans),
            NOW,
            QUIET,
            RETENTION);
    assertThat(failing(verdict))
        .containsExactly("every source scanned empty", "no backup within 35 days can hold it");
    assertThat(evidence(verdict, "every source")).contains("jsonl:/exports held 12");
    assertThat(verdict.earliest()).isEmpty();
  }

  @Test
  void noScanAtAll_isNotReady() {
    VersionEvidence e = ready();
    assertOnlyFailing(
        new VersionEvidence(
            0, e.countingSince(), e.lastWrap(), e.lastUnwrap(), e.weightZeroSince(), List.of()),
        "every source scanned empty",
        "no backup within");
  }

  @Test
  void anOpenBackupWindow_isNotReady_andSaysUntilWhen() {
    Verdict verdict =
        RetireCheck.evaluate(
            ready(), EMPTY_SINCE.plus(Duration.ofDays(20)), Duration.ofDays(10), RETENTION);
    assertThat(failing(verdict)).containsExactly("no backup within 35 days can hold it");
    assertThat(evidence(verdict, "no backup")).contains("until " + EMPTY_SINCE.plus(RETENTION));
  }

  @Test
  void aWrapAfterTheWeightWentToZero_isNotReady() {
    VersionEvidence e = ready();
    Instant late = WEIGHT_ZERO.plusSeconds(60);
    Verdict verdict =
        RetireCheck.evaluate(
            new VersionEvidence(0, e.countingSince(), late, e.lastUnwrap(), WEIGHT_ZERO, e.scans()),
            NOW,
            QUIET,
            RETENTION);
    assertThat(failing(verdict)).containsExactly("no wrap since weight 0");
  }

  private static void assertOnlyFailing(VersionEvidence evidence, String... prefixes) {
    List<String> failing = failing(RetireCheck.evaluate(evidence, NOW, QUIET, RETENTION));
    assertThat(failing).hasSize(prefixes.length);
    for (int i = 0; i < prefixes.length; i++) {
      assertThat(failing.get(i)).startsWith(prefixes[i]);
    }
  }

  private static List<String> failing(Verdict verdict) {
    return verdict.criteria().stream().filter(c -> !c.met()).map(Criterion::name).toList();
  }

  private static String evidence(Verdict verdict, String prefix) {
    return verdict.criteria().stream()
        .filter(c -> c.name().startsWith(prefix))
        .findFirst()
        .orElseThrow()
        .evidence();
  }
}
