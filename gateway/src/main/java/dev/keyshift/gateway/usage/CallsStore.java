package dev.keyshift.gateway.usage;

import dev.keyshift.routing.CallTally;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * Where the backend calls counted during plan holds are kept: in memory for one gateway, or in the
 * shared database, where every replica's counts add up so that a plan's gates judge all of them.
 */
public interface CallsStore {
  /** Adds counts; they are added once the future succeeds, not at all when it fails. */
  Future<Void> add(List<CallsDelta> deltas);

  /** Each version's calls counted in one hold ({@link dev.keyshift.routing.Plan#windowKey}). */
  Future<Map<String, CallTally>> tallies(String window);

  /**
   * What one gateway counted for one version in one hold and latency bucket since its last flush.
   */
  record CallsDelta(String window, String version, int bucket, long calls, long errors) {}
}
