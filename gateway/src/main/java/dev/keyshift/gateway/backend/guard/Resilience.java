package dev.keyshift.gateway.backend.guard;

import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.config.ResilienceConfig;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.metrics.KeyshiftMetrics;
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

/**
 * The resilience4j registries of one gateway, their meters bound ({@code resilience4j_*}), and the
 * guarding of each backend: rate limiter, bulkhead and circuit breaker, the metering of the calls
 * they let through, then the timeout.
 */
public final class Resilience {
  private final CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
  private final BulkheadRegistry bulkheads = BulkheadRegistry.ofDefaults();
  private final RateLimiterRegistry limiters = RateLimiterRegistry.ofDefaults();

  private final KeyshiftMetrics metrics;

  public Resilience(MeterRegistry meters, KeyshiftMetrics metrics) {
    this.metrics = metrics;
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(meters);
    TaggedRateLimiterMetrics.ofRateLimiterRegistry(limiters).bindTo(meters);
  }

  /**
   * The backend as the gateway calls it: refused by its rate limiter, bulkhead or circuit breaker
   * before anything is sent (counted as refused), else metered, bounded by {@code timeout} and its
   * failure classified once.
   */
  public KeyBackend guard(KeyBackend backend, ResilienceConfig config, Duration timeout) {
    return decorate(new TimedBackend(backend, timeout), config);
  }

  private KeyBackend decorate(KeyBackend backend, ResilienceConfig config) {
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
                .recordException(failure -> GatewayFailure.codeOf(failure).isBackendTrouble())
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
    return new ResilientBackend(backend, metrics, breaker, bulkhead, limiter, config);
  }
}
