package dev.keyshift.gateway.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyshift.routing.file.FieldProblem;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern RATE = Pattern.compile("(\\d{1,9})/(\\d{0,9})(ms|s|m)");

  /** The entry as written; absent fields take the defaults. */
  @JsonCreator
  static ResilienceConfig fromFile(
      @JsonProperty("max-concurrent") Integer maxConcurrent,
      @JsonProperty("rate-limit") String rateLimit,
      @JsonProperty("failure-rate") Integer failureRate,
      @JsonProperty("minimum-calls") Integer minimumCalls,
      @JsonProperty("open-seconds") Integer openSeconds) {
    ResilienceConfig d = DEFAULT;
    Matcher rate = rateLimit == null ? null : RATE.matcher(rateLimit);
    FieldProblem.check(
        rate == null || (rate.matches() && Integer.parseInt(rate.group(1)) > 0),
        "rate-limit",
        "must read like 2000/10s (calls per period; ms, s or m)");
    return new ResilienceConfig(
        FieldProblem.optionalInt(maxConcurrent, "max-concurrent", 1, 100_000, d.maxConcurrent),
        rate == null ? 0 : Integer.parseInt(rate.group(1)),
        rate == null ? d.ratePeriod : period(rate),
        FieldProblem.optionalInt(failureRate, "failure-rate", 1, 100, d.failureRatePercent),
        FieldProblem.optionalInt(minimumCalls, "minimum-calls", 1, 10_000, d.minimumCalls),
        Duration.ofSeconds(
            FieldProblem.optionalInt(
                openSeconds, "open-seconds", 1, 3600, (int) d.openDuration.toSeconds())));
  }

  private static Duration period(Matcher rate) {
    long amount = rate.group(2).isEmpty() ? 1 : Long.parseLong(rate.group(2));
    return switch (rate.group(3)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      default -> Duration.ofMinutes(amount);
    };
  }
}
