package dev.keyshift.routing;

/**
 * What the backend calls of the versions a step moves traffic to must show before the plan goes on.
 *
 * @param maxErrorRatio the largest share of failed calls (backend trouble or throttling), 0 to 1
 * @param maxP99Millis the largest 99th-percentile call latency, or null for no latency gate
 * @param minCalls the fewest calls a version must have had in the step before its gates judge it
 */
public record PlanGates(double maxErrorRatio, Long maxP99Millis, long minCalls) {
  /** The gates of a plan that names none: 1% errors, 100 calls, no latency gate. */
  public static final PlanGates DEFAULT = new PlanGates(0.01, null, 100);

  public PlanGates {
    if (!(maxErrorRatio >= 0 && maxErrorRatio <= 1)) {
      throw new InvalidRoutingException(
          "gate maxErrorRatio must be between 0 and 1, not " + maxErrorRatio);
    }
    if (maxP99Millis != null && maxP99Millis <= 0) {
      throw new InvalidRoutingException("gate maxP99Ms must be above 0, not " + maxP99Millis);
    }
    if (minCalls < 1) {
      throw new InvalidRoutingException("gate minCalls must be at least 1, not " + minCalls);
    }
  }
}
