package dev.keyshift.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TrendTest {
  @Test
  void aLine_isFittedExactly() {
    double[] seconds = {0, 60, 120, 180};
    double[] values = {100, 102, 104, 106};
    Trend trend = Trend.fit(seconds, values);
    assertThat(trend.slopePerMinute()).isCloseTo(2, within(1e-9));
    assertThat(trend.rise()).isCloseTo(6, within(1e-9));
    assertThat(trend.mean()).isCloseTo(103, within(1e-9));
    assertThat(trend.flat()).as("6 MiB on 103 is over 5%").isFalse();
  }

  @Test
  void noiseAroundALevel_isFlat_andNaNsAreSkipped() {
    Random random = new Random(7);
    double[] seconds = new double[120];
    double[] values = new double[120];
    for (int i = 0; i < values.length; i++) {
      seconds[i] = i * 10;
      values[i] = i % 17 == 0 ? Double.NaN : 500 + random.nextGaussian() * 10;
    }
    Trend trend = Trend.fit(seconds, values);
    assertThat(trend.points()).isEqualTo(112);
    assertThat(trend.flat()).isTrue();
  }

  @Test
  void aSlowLeak_underTheNoise_isStillSeen() {
    Random random = new Random(11);
    double[] seconds = new double[120];
    double[] values = new double[120];
    for (int i = 0; i < values.length; i++) {
      seconds[i] = i * 10;
      values[i] = 500 + i * 0.5 + random.nextGaussian() * 10;
    }
    assertThat(Trend.fit(seconds, values).flat()).as("60 MiB over 20 minutes").isFalse();
  }

  @Test
  void tooFewPoints_areNeverFlat() {
    assertThat(Trend.fit(new double[] {0}, new double[] {1}).flat()).isFalse();
  }
}
