package dev.keyshift.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.data.Offset;

class SelectorProperties {
  private static final int DRAWS = 40_000;

  /** Random and sticky shares both converge to weight / total, within 5 binomial sigmas. */
  @Property(tries = 60)
  void shares_convergeToWeights(@ForAll("weights") int[] weights, @ForAll long seed) {
    Alias alias = Fixtures.alias("a", weights);
    SplittableRandom random = new SplittableRandom(seed);
    int[] randomCounts = new int[weights.length];
    int[] stickyCounts = new int[weights.length];
    for (int i = 0; i < DRAWS; i++) {
      randomCounts[index(alias.select(null, random))]++;
      stickyCounts[index(alias.select("key-" + seed + "-" + i, random))]++;
    }
    long total = alias.totalWeight();
    for (int v = 0; v < weights.length; v++) {
      double p = (double) weights[v] / total;
      double tolerance = 5 * Math.sqrt(DRAWS * p * (1 - p)) + 1;
      // Sticky shares are quantised to 1/10000 buckets on top of the binomial noise.
      double quantum = DRAWS * weights.length / 10_000.0;
      assertThat((double) randomCounts[v]).isCloseTo(DRAWS * p, withinAbs(tolerance));
      assertThat((double) stickyCounts[v]).isCloseTo(DRAWS * p, withinAbs(tolerance + quantum));
    }
  }

  /**
   * Moving weight from older versions to the newest one never moves a routing key to an older
   * version.
   */
  @Property(tries = 300)
  void movingWeightToNewest_onlyMovesKeysForward(
      @ForAll("weights") int[] weights,
      @ForAll @IntRange(min = 0, max = 100) int percentMoved,
      @ForAll long seed) {
    Alias before = Fixtures.alias("a", weights);
    Alias after = Fixtures.alias("a", moveToNewest(weights, percentMoved));
    for (int i = 0; i < 500; i++) {
      String key = "tenant-" + seed + "-" + i;
      int from = index(before.select(key, null));
      int to = index(after.select(key, null));
      assertThat(to)
          .as("key %s moved from v%d to v%d", key, from + 1, to + 1)
          .isGreaterThanOrEqualTo(from);
    }
  }

  @Provide
  Arbitrary<int[]> weights() {
    return Arbitraries.integers()
        .between(0, 1000)
        .array(int[].class)
        .ofMinSize(1)
        .ofMaxSize(5)
        .filter(w -> Arrays.stream(w).sum() > 0);
  }

  /** Takes {@code percent}% of each older version's weight and gives it to the newest. */
  private static int[] moveToNewest(int[] weights, int percent) {
    int[] moved = weights.clone();
    int last = moved.length - 1;
    for (int i = 0; i < last; i++) {
      int taken = moved[i] * percent / 100;
      moved[i] -= taken;
      moved[last] += taken;
    }
    return moved;
  }

  private static int index(KeyVersion version) {
    return Integer.parseInt(version.id().substring(1)) - 1;
  }

  private static Offset<Double> withinAbs(double tolerance) {
    return Offset.offset(tolerance);
  }
}
