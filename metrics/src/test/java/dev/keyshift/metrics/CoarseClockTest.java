package dev.keyshift.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CoarseClockTest {
  private final CoarseClock clock = CoarseClock.INSTANCE;

  @Test
  void wallTime_isNeverAheadOfTheSystemClock_andMovesOn() {
    long first = clock.wallTime();
    assertThat(first).isLessThanOrEqualTo(System.currentTimeMillis());
    // However busy the machine, the ticker runs again; the bound only ends a broken run.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (clock.wallTime() == first && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    long later = clock.wallTime();
    assertThat(later).isGreaterThan(first).isLessThanOrEqualTo(System.currentTimeMillis());
  }

  @Test
  void monotonicTime_isTheExactOne() {
    long before = System.nanoTime();
    long read = clock.monotonicTime();
    assertThat(read).isBetween(before, System.nanoTime());
  }

  @Test
  void registries_recordTimersOnIt() {
    var registry = PrometheusRegistries.create();
    assertThat(registry.config().clock()).isSameAs(clock);
  }
}
