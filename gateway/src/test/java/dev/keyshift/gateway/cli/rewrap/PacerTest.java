package dev.keyshift.gateway.cli.rewrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pacer's schedule, on a clock the test moves: no wall time is measured here. */
class PacerTest {
  /** A clock that only moves when the pacer sleeps (or the test says so). */
  static final class FakeTicker implements Pacer.Ticker {
    long now;
    long slept;

    @Override
    public long nanos() {
      return now;
    }

    @Override
    public void sleep(long nanos) {
      now += nanos;
      slept += nanos;
    }
  }

  @Test
  void batchesAreSpreadAtTheRate_withNoBurstFromIdleTime() throws Exception {
    FakeTicker clock = new FakeTicker();
    Pacer pacer = new Pacer(1000, clock);
    for (int i = 0; i < 10; i++) {
      pacer.acquire(200);
    }
    // 2,000 rows at 1,000/s: the first batch goes at once, the last starts 1.8 s in.
    assertThat(clock.now).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1800));

    clock.now += TimeUnit.SECONDS.toNanos(60); // a minute idle saves nothing up
    long before = clock.now;
    pacer.acquire(200);
    pacer.acquire(200);
    assertThat(clock.now - before).isEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
  }

  @Test
  void a429_halvesTheRate_andWaitsTheRetryAfter_thenRecoversSlowly() throws Exception {
    FakeTicker clock = new FakeTicker();
    Pacer pacer = new Pacer(1000, clock);
    pacer.acquire(100);
    pacer.throttled(3);
    assertThat(pacer.rate()).isEqualTo(500);
    long before = clock.now;
    pacer.acquire(100);
    assertThat(clock.now - before).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(3));

    clock.now += TimeUnit.SECONDS.toNanos(31);
    pacer.acquire(1);
    assertThat(pacer.rate()).isEqualTo(550, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void withNoLimit_nothingWaits_untilA429SetsOne() throws Exception {
    FakeTicker clock = new FakeTicker();
    Pacer pacer = new Pacer(0, clock);
    clock.now = TimeUnit.SECONDS.toNanos(1);
    pacer.acquire(4000);
    assertThat(clock.slept).isZero();
    pacer.throttled(1);
    assertThat(pacer.rate()).as("half of the 4,000 rows/s sent so far").isEqualTo(2000);
  }
}
