package dev.keyshift.gateway.failure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogThrottleTest {
  private long now = 1_000;
  private final LogThrottle throttle = new LogThrottle(100, () -> now);

  @Test
  void theFirstLine_isWritten_andTheNextInThePeriodHeldBack() {
    assertThat(throttle.admit("BACKEND_ERROR")).isZero();
    now += 99;
    assertThat(throttle.admit("BACKEND_ERROR")).isEqualTo(-1);
    assertThat(throttle.admit("BACKEND_ERROR")).isEqualTo(-1);
  }

  @Test
  void afterThePeriod_aLineIsWritten_sayingHowManyWereHeldBack() {
    throttle.admit("BACKEND_ERROR");
    for (int i = 0; i < 41; i++) {
      throttle.admit("BACKEND_ERROR");
    }
    now += 100;
    assertThat(throttle.admit("BACKEND_ERROR")).isEqualTo(41);
    assertThat(throttle.admit("BACKEND_ERROR")).as("a new period began").isEqualTo(-1);
  }

  @Test
  void keys_areThrottledApart() {
    assertThat(throttle.admit("BACKEND_ERROR")).isZero();
    assertThat(throttle.admit("BACKEND_TIMEOUT")).isZero();
    assertThat(throttle.admit("BACKEND_ERROR")).isEqualTo(-1);
  }

  @Test
  void theHeldBackCount_endsTheLine() {
    assertThat(LogThrottle.heldBack(0)).isEmpty();
    assertThat(LogThrottle.heldBack(12)).isEqualTo(" (and 12 more like it in the last 5 s)");
  }
}
