package dev.keyshift.routing;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How {@link Alias#select} picks the version that receives a new wrap.
 *
 * <p>Without a routing key the pick is random with probability weight / total weight. With one it
 * is deterministic: the key's {@link StickyBuckets bucket} falls in a range of buckets, and ranges
 * are allotted newest version first. Moving weight from older versions to the newest one therefore
 * only grows the newer versions' cumulative ranges, so a routing key only ever moves forward.
 */
final class Selector {
  private Selector() {}

  /**
   * @param alias a validated alias (total weight above zero)
   * @param routingKey tenant or object id for sticky selection, or {@code null} for random
   * @param random source for random selection
   */
  static KeyVersion select(Alias alias, String routingKey, RandomGenerator random) {
    long total = alias.totalWeight();
    if (routingKey == null) {
      return pickByCumulativeWeight(alias.versions(), random.nextLong(total), total, false);
    }
    return pickByCumulativeWeight(
        alias.versions(), StickyBuckets.bucketOf(routingKey), total, true);
  }

  /**
   * Walks versions newest first, returning the one whose cumulative range holds {@code point}. In
   * bucket mode the cumulative weight is scaled to [0, BUCKETS] and floored.
   */
  private static KeyVersion pickByCumulativeWeight(
      List<KeyVersion> versions, long point, long total, boolean buckets) {
    long cumulative = 0;
    for (int i = versions.size() - 1; i >= 0; i--) {
      KeyVersion version = versions.get(i);
      if (version.weight() == 0) {
        continue;
      }
      cumulative += version.weight();
      long boundary = buckets ? cumulative * StickyBuckets.BUCKETS / total : cumulative;
      if (point < boundary) {
        return version;
      }
    }
    throw new IllegalStateException("an alias always has weight: it is validated on construction");
  }
}
