package dev.keyshift.routing.retire;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What is known of one version when its retirement is weighed.
 *
 * @param weight its weight now
 * @param countingSince since when its use has been counted
 * @param lastWrap the latest wrap onto it, or null if none was counted
 * @param lastUnwrap the latest application unwrap of one of its blobs, or null
 * @param weightZeroSince since when it has had weight 0 without a break, or null
 * @param scans the latest scan of each data source that reported one
 */
public record VersionEvidence(
    int weight,
    Instant countingSince,
    Instant lastWrap,
    Instant lastUnwrap,
    Instant weightZeroSince,
    List<SourceScan> scans) {

  public VersionEvidence {
    Objects.requireNonNull(countingSince, "countingSince");
    scans = List.copyOf(scans);
  }

  /**
   * One source's latest scan, as it concerns this version.
   *
   * @param blobs how many of the version's blobs the scan found
   * @param emptySince when the source was first found without any, in the run of scans that ends
   *     with this one; null while it holds some
   */
  public record SourceScan(String source, Instant finishedAt, long blobs, Instant emptySince) {}
}
