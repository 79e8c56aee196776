package dev.keyshift.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.bench.soak.Timeline.Kind;
import dev.keyshift.bench.soak.Timeline.Window;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TimelineTest {
  private final Timeline timeline = new Timeline();
  private Window slow;
  private Window restart;

  @BeforeEach
  void history() {
    timeline.weight(0, 50);
    timeline.weight(100, 0);
    timeline.weight(200, 100);
    slow = timeline.open(Kind.SLOW, 120);
    timeline.close(slow, 140);
    restart = timeline.open(Kind.RESTART, 300);
    timeline.close(restart, 306);
  }

  @Test
  void aWrapThatFailsTheFaultsWay_whileTheFaultyVersionHasWeight_isExplained() {
    Timeline weighted = new Timeline();
    weighted.weight(0, 0);
    weighted.weight(130, 30);
    Window fault = weighted.open(Kind.SLOW, 120);
    weighted.close(fault, 140);
    assertThat(weighted.explain(failure(131, 132, "504 BACKEND_TIMEOUT", false, true)))
        .isSameAs(fault);
    assertThat(weighted.explain(failure(125, 126, "504 BACKEND_TIMEOUT", false, true))).isNull();
  }

  @Test
  void aWrapWhileAChangeToWeightZeroIsUnderWay_mayStillHaveBeenRoutedByTheOldWeights() {
    Timeline changing = new Timeline();
    changing.weight(0, 30);
    Window fault = changing.open(Kind.REFUSED, 120);
    changing.weight(130, 0);
    changing.settleLastWeight(133);
    changing.close(fault, 140);

    assertThat(changing.explain(failure(131, 131.5, "503 BACKEND_UNAVAILABLE", false, true)))
        .isSameAs(fault);
    assertThat(changing.explain(failure(134, 134.5, "503 BACKEND_UNAVAILABLE", false, true)))
        .isNull();
  }

  @Test
  void aWrapDuringTheFault_whenTheFaultyVersionHadNoWeight_isNotExplained() {
    assertThat(timeline.explain(failure(125, 126, "429 THROTTLED", false, true))).isNull();
  }

  @Test
  void anUnwrapOfTheFaultyVersionsEnvelope_isExplainedWhateverTheWeights() {
    assertThat(timeline.explain(failure(125, 127, "429 THROTTLED", true, false))).isSameAs(slow);
  }

  @Test
  void anUnwrapOfTheHealthyVersion_isNeverExplainedByAFault() {
    assertThat(timeline.explain(failure(125, 127, "429 THROTTLED", false, false))).isNull();
  }

  @Test
  void anAnswerTheFaultCannotCause_isNotExplained() {
    assertThat(timeline.explain(failure(125, 127, "400 BAD_REQUEST", true, false))).isNull();
    assertThat(timeline.explain(failure(125, 127, "wrong answer", true, false))).isNull();
  }

  @Test
  void theAftermathOfAFaultEnds_twentySecondsAfterIt() {
    assertThat(timeline.explain(failure(159, 159.5, "503 BACKEND_UNAVAILABLE", true, false)))
        .isSameAs(slow);
    assertThat(timeline.explain(failure(161, 161.5, "503 BACKEND_UNAVAILABLE", true, false)))
        .isNull();
  }

  @Test
  void theRestart_explainsLostConnectionsOfAnyCall_untilThirtySecondsAfterReady() {
    assertThat(timeline.explain(failure(301, 301, "transport", false, false))).isSameAs(restart);
    assertThat(timeline.explain(failure(335, 335, "429 THROTTLED", false, true))).isSameAs(restart);
    assertThat(timeline.explain(failure(337, 337, "transport", false, false))).isNull();
  }

  @Test
  void weights_areReadOverTheWholeCall() {
    assertThat(timeline.faultyWeighted(101, 199)).isFalse();
    assertThat(timeline.faultyWeighted(99, 101)).as("50 until 100").isTrue();
    assertThat(timeline.faultyWeighted(150, 201)).as("100 from 200").isTrue();
    assertThat(timeline.weighted(false, 201, 250)).as("v1 has 0 from 200").isFalse();
    assertThat(timeline.weighted(false, 150, 160)).as("v1 has 100 from 100").isTrue();
  }

  @Test
  void aRefusedChange_isForgotten() {
    timeline.weight(250, 0);
    timeline.revertLastWeight();
    assertThat(timeline.faultyWeighted(260, 270)).as("still 100 from 200").isTrue();
  }

  private static Failure failure(
      double sent, double answered, String kind, boolean faultyEnvelope, boolean wraps) {
    return new Failure(sent, answered, "op", kind, faultyEnvelope, wraps, "");
  }
}
