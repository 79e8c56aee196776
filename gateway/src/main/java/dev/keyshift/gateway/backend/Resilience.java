package dev.keyshift.gateway.backend;

import dev.keyshift.gateway.config.ResilienceConfig;
import dev.keyshift.gateway.http.ErrorCode;
import dev.keyshift.gateway.http.GatewayFailure;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * The resilience4j registries of one gateway, their meters bound ({@code resilience4j_*}), and the
 * decoration of each backend with its circuit breaker, bulkhead and rate limiter.
 */
public final class Resilience {
  /** Failures that say the backend is in trouble; the caller's mistakes (bad blobs) do not. */
  static final Set<ErrorCode> BACKEND_FAILURES =
      EnumSet.of(
          ErrorCode.BACKEND_ERROR,
          ErrorCode.BACKEND_UNAVAILABLE,
          ErrorCode.BACKEND_TIMEOUT,
          ErrorCode.INTERNAL);

  private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
  private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
  private final RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();

  public Resilience(MeterRegistry meters) {
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
    TaggedRateLimiterMetrics.ofRateLimiterRegistry(limiters).bindTo(meters);
  }

  public KeyBackend decorate(KeyBackend backend, ResilienceConfig config) {
    String name = backend.name();
    CircuitBreaker breaker =
        breakers.circuitBreaker(
            name,
            CircuitBreakerConfig.custom()
                .failureRateThreshold(config.failureRatePercent())
                .minimumNumberOfCalls(config.minimumCalls())
                .slidingWindowSize(config.minimumCalls() * 2)
                .waitDurationInOpenState(config.openDuration())
                .permittedNumberOfCallsInHalfOpenState(Math.min(3, config.minimumCalls()))
                .recordException(
                    failure -> BACKEND_FAILURES.contains(GatewayFailure.from(failure).code()))
                .build());
    Bulkhead bulkhead =
        bulkheads.bulkhead(
            name,
            BulkheadConfig.custom()
                .maxConcurrentCalls(config.maxConcurrent())
                .maxWaitDuration(Duration.ZERO)
                .build());
    RateLimiter limiter =
        config.ratePermits() == 0
            ? null
            : limiters.rateLimiter(
                name,
                RateLimiterConfig.custom()
                    .limitForPeriod(config.ratePermits())
                    .limitRefreshPeriod(config.ratePeriod())
                    .timeoutDuration(Duration.ZERO)
                    .build());
    return new ResilientBackend(backend, breaker, bulkhead, limiter, config);
  }
}
