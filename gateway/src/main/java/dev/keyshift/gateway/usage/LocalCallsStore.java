package dev.keyshift.gateway.usage;

import dev.keyshift.routing.CallTally;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls of one gateway's plan holds, in memory. A restart loses them: the hold in force then
 * judges the calls made after the restart only (a plan's gates wait for {@code minCalls} again).
 */
public final class LocalCallsStore implements CallsStore {
  /** Holds kept; older ones are dropped. */
  static final int WINDOWS_KEPT = 64;

  private final Map<String, Map<String, CallTally>> windows = new HashMap<>();

  @Override
  public synchronized Future<Void> add(List<CallsDelta> deltas) {
    for (CallsDelta delta : deltas) {
      if (!windows.containsKey(delta.window()) && windows.size() >= WINDOWS_KEPT) {
        windows.remove(windows.keySet().iterator().next());
      }
      windows
          .computeIfAbsent(delta.window(), w -> new HashMap<>())
          .computeIfAbsent(delta.version(), v -> new CallTally())
          .add(delta.bucket(), delta.calls(), delta.errors());
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Map<String, CallTally>> tallies(String window) {
    Map<String, CallTally> copy = new HashMap<>();
    windows
        .getOrDefault(window, Map.of())
        .forEach((version, tally) -> copy.put(version, new CallTally().add(tally)));
    return Future.succeededFuture(copy);
  }
}
