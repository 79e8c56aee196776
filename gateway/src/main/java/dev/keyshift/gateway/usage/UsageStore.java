package dev.keyshift.gateway.usage;

import dev.keyshift.routing.RoutingSnapshot;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where usage is kept: {@link UsageFileStore} beside one gateway's routing file, or the shared
 * database, where every replica's counts add up.
 */
public interface UsageStore {
  /**
   * Adds counts and notes, per version of {@code routing}, since when it has had weight 0 (versions
   * seen for the first time start counting at {@code now}). Counts are added once the returned
   * future succeeds, not at all when it fails.
   */
  Future<Void> add(List<UsageDelta> counted, RoutingSnapshot routing, Instant now);

  /** Each version's usage as stored. */
  Future<Map<String, VersionUsage>> versions(String alias);

  /** The latest scan of each source that reported one for {@code alias}. */
  Future<Map<String, Scan>> scans(String alias);

  /**
   * Records a finished scan ({@link Scan#reportedAfter}) once it is stored.
   *
   * @return the scan as recorded, with its {@code emptySince}
   */
  Future<Scan> report(String alias, Scan scan);

  /** Releases the store's resources. */
  void close();
}
