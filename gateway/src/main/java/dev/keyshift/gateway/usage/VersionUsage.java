package dev.keyshift.gateway.usage;

import java.time.Instant;

/**
 * What is known of one version's use, summed over every gateway that ever served it.
 *
 * @param since when counting began for this version
 * @param wraps wraps (and data keys, and rewraps) that produced a blob on this version
 * @param unwraps application unwraps of blobs on this version; a rewrap's read of the blob it moves
 *     is a move, not a use, and is not counted
 * @param weightZeroSince since when the version has had weight 0 without a break; null while it has
 *     weight
 */
public record VersionUsage(Instant since, Tally wraps, Tally unwraps, Instant weightZeroSince) {

  /** A count and the time of the latest one (null when the count is 0). */
  public record Tally(long count, Instant last) {
    public static final Tally NONE = new Tally(0, null);

    Tally plus(long more, Instant at) {
      if (more == 0) {
        return this;
      }
      return new Tally(count + more, last == null || at.isAfter(last) ? at : last);
    }
  }

  static VersionUsage startingAt(Instant since) {
    return new VersionUsage(since, Tally.NONE, Tally.NONE, null);
  }

  VersionUsage plus(long wrapCount, Instant wrapLast, long unwrapCount, Instant unwrapLast) {
    return new VersionUsage(
        since,
        wraps.plus(wrapCount, wrapLast),
        unwraps.plus(unwrapCount, unwrapLast),
        weightZeroSince);
  }

  /** This usage once the version is seen with {@code weight} at {@code now}. */
  VersionUsage withWeight(int weight, Instant now) {
    if (weight > 0) {
      return weightZeroSince == null ? this : new VersionUsage(since, wraps, unwraps, null);
    }
    return weightZeroSince != null ? this : new VersionUsage(since, wraps, unwraps, now);
  }
}
