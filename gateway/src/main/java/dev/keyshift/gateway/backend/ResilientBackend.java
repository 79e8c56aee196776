package dev.keyshift.gateway.backend;

import dev.keyshift.gateway.config.ResilienceConfig;
import dev.keyshift.gateway.http.ErrorCode;
import dev.keyshift.gateway.http.GatewayFailure;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A backend behind a rate limiter, a bulkhead and a circuit breaker, none of which ever waits:
 * permission is asked, and refused calls fail at once — 429 {@code THROTTLED} when the vault's rate
 * or the concurrency bound is reached, 503 {@code BACKEND_UNAVAILABLE} while the circuit is open,
 * each with {@code Retry-After}. Outcomes are reported when the call's Future completes.
 */
final class ResilientBackend extends DecoratedBackend {
  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;
  private final RateLimiter limiter;
  private final ResilienceConfig config;

  ResilientBackend(
      KeyBackend delegate,
      CircuitBreaker breaker,
      Bulkhead bulkhead,
      RateLimiter limiter,
      ResilienceConfig config) {
    super(delegate);
    this.breaker = breaker;
    this.bulkhead = bulkhead;
    this.limiter = limiter;
    this.config = config;
  }

  @Override
  protected Future<byte[]> around(String operation, Supplier<Future<byte[]>> call) {
    if (limiter != null && !limiter.acquirePermission()) {
      return Future.failedFuture(
          GatewayFailure.retryable(
              ErrorCode.THROTTLED,
              "backend " + name() + " is at its rate limit",
              seconds(config.ratePeriod().toMillis())));
    }
    if (!bulkhead.tryAcquirePermission()) {
      return Future.failedFuture(
          GatewayFailure.retryable(
              ErrorCode.THROTTLED,
              "backend " + name() + " has " + config.maxConcurrent() + " calls in flight",
              1));
    }
    if (!breaker.tryAcquirePermission()) {
      bulkhead.onComplete();
      return Future.failedFuture(
          GatewayFailure.retryable(
              ErrorCode.BACKEND_UNAVAILABLE,
              "backend " + name() + " is failing; calls to it are paused",
              seconds(config.openDuration().toMillis())));
    }
    long start = System.nanoTime();
    return attempt(call)
        .andThen(
            done -> {
              bulkhead.onComplete();
              long elapsed = System.nanoTime() - start;
              if (done.succeeded()) {
                breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
              } else {
                breaker.onError(elapsed, TimeUnit.NANOSECONDS, done.cause());
              }
            });
  }

  private static int seconds(long millis) {
    return (int) Math.max(1, (millis + 999) / 1000);
  }
}
