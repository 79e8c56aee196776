package dev.keyshift.gateway.config;

import java.time.Duration;

/**
 * How the gateway protects itself and a backend ({@code backends.NAME.resilience}).
 *
 * @param maxConcurrent calls in flight at most (bulkhead); more are refused at once with 429
 * @param ratePermits calls allowed per {@code ratePeriod} (the vault's published limit), or 0 for
 *     no limit
 * @param ratePeriod the rate limit's period
 * @param failureRatePercent the share of failed calls that opens the circuit
 * @param minimumCalls calls seen before the failure rate counts (the window is twice this)
 * @param openDuration how long an open circuit refuses calls (503) before it tries again
 */
public record ResilienceConfig(
    int maxConcurrent,
    int ratePermits,
    Duration ratePeriod,
    int failureRatePercent,
    int minimumCalls,
    Duration openDuration) {

  public static final ResilienceConfig DEFAULT =
      new ResilienceConfig(256, 0, Duration.ofSeconds(1), 50, 10, Duration.ofSeconds(10));
}
