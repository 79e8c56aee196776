package dev.keyshift.gateway.backend.guard;

import dev.keyshift.gateway.async.Futures;
import dev.keyshift.gateway.backend.DecoratedBackend;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.config.ResilienceConfig;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.metrics.KeyshiftMetrics;
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
  private final KeyshiftMetrics metrics;
  private final CircuitBreaker breaker;
  private final Bulkhead bulkhead;
  private final RateLimiter limiter;
  private final ResilienceConfig config;

  ResilientBackend(
      KeyBackend delegate,
      KeyshiftMetrics metrics,
      CircuitBreaker breaker,
      Bulkhead bulkhead,
      RateLimiter limiter,
      ResilienceConfig config) {
    super(delegate);
    this.metrics = metrics;
    this.breaker = breaker;
    this.bulkhead = bulkhead;
    this.limiter = limiter;
    this.config = config;
  }

  @Override
  protected Future<byte[]> around(String operation, Supplier<Future<byte[]>> call) {
    if (limiter != null && !limiter.acquirePermission()) {
      return refused(
          operation,
          GatewayFailure.retryable(
              ErrorCode.THROTTLED,
              "backend " + name() + " is at its rate limit",
              seconds(config.ratePeriod().toMillis())));
    }
    if (!bulkhead.tryAcquirePermission()) {
      return refused(
          operation,
          GatewayFailure.retryable(
              ErrorCode.THROTTLED,
              "backend " + name() + " has " + config.maxConcurrent() + " calls in flight",
              1));
    }
    if (!breaker.tryAcquirePermission()) {
      bulkhead.onComplete();
      return refused(
          operation,
          GatewayFailure.retryable(
              ErrorCode.BACKEND_UNAVAILABLE,
              "backend " + name() + " is failing; calls to it are paused",
              seconds(config.openDuration().toMillis())));
    }
    long start = System.nanoTime();
    return Futures.whenDone(
        attempt(call),
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

  private Future<byte[]> refused(String operation, GatewayFailure failure) {
    metrics.backendRefused(name(), operation, failure.code().outcomeTag());
    return Future.failedFuture(failure);
  }

  private static int seconds(long millis) {
    return (int) Math.max(1, (millis + 999) / 1000);
  }
}
