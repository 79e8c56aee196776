package dev.keyshift.gateway.usage;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import java.time.Instant;
import java.util.Map;

/**
 * A finished scan of one data source, as the bulk rewrap job reports it.
 *
 * @param source what was scanned (a table, a file), as the job names it
 * @param finishedAt when the scan ended
 * @param versions how many blobs the scan left on each version
 * @param emptySince per version that this source holds no blob of: the end of the first scan in an
 *     unbroken run of scans that found none (the blobs left the live data before then)
 */
public record Scan(
    String source,
    Instant finishedAt,
    Map<String, Long> versions,
    Map<String, Instant> emptySince) {

  /**
   * This scan as recorded after {@code previous} of the same source (null if none).
   *
   * @throws GatewayFailure {@code CONFLICT} when it finished before {@code previous}: the newer
   *     evidence stands
   */
  public Scan reportedAfter(Scan previous) {
    if (previous != null && finishedAt.isBefore(previous.finishedAt())) {
      throw GatewayFailure.of(
          ErrorCode.CONFLICT,
          "source "
              + source
              + " already reported a scan that finished later ("
              + previous.finishedAt()
              + ")");
    }
    return after(previous);
  }

  private Scan after(Scan previous) {
    Map<String, Instant> empty = new java.util.TreeMap<>();
    versions.forEach(
        (version, count) -> {
          if (count == 0) {
            Instant before = previous == null ? null : previous.emptySince().get(version);
            empty.put(version, before != null ? before : finishedAt);
          }
        });
    return new Scan(source, finishedAt, versions, Map.copyOf(empty));
  }
}
