package dev.keyshift.gateway.backend.guard;

import dev.keyshift.gateway.async.Futures;
import dev.keyshift.gateway.backend.DecoratedBackend;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.config.ResilienceConfig;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.metrics.KeyshiftMetrics;
import dev.keyshift.metrics.MeterNames;
import dev.keyshift.routing.KeyVersion;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A backend behind a rate limiter, a bulkhead and a circuit breaker, none of which ever waits:
 * permission is asked, and refused calls fail at once — 429 {@code THROTTLED} when the vault's rate
 * or the concurrency bound is reached, 503 {@code BACKEND_UNAVAILABLE} while the circuit is open,
 * each with {@code Retry-After}. A call let through is counted in {@code keyshift_backend_*} when
 * its Future completes; a refused one only in {@code keyshift_backend_refused_total}. Calls the
 * backend answers inline skip the permit and the breaker's count ({@link #inline}).
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
  protected Future<byte[]> around(
      String operation, KeyVersion version, Supplier<Future<byte[]>> call) {
    if (limiter != null && !limiter.acquirePermission()) {
      return refused(
          operation,
          GatewayFailure.retryable(
              ErrorCode.THROTTLED,
              "backend " + name() + " is at its rate limit",
              seconds(config.ratePeriod().toMillis())));
    }
    if (delegate.answersInline(version) && breaker.getState() == CircuitBreaker.State.CLOSED) {
      return inline(operation, call);
    }
    if (!bulkhead.tryAcquirePermission()) {
      return refused(operation, bulkheadFull());
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
        attempt(call), done -> settled(operation, done, System.nanoTime() - start));
  }

  /**
   * A call the backend answers before returning (keys in memory), while the circuit is closed. It
   * is refused when the bulkhead is full, as any call, but takes no permit and is not counted by
   * the breaker: it ends before its event loop does anything else, so it never adds to what is in
   * flight, and it cannot be slow. Only the permit's and the breaker's bookkeeping is saved, each a
   * write to memory every event loop shares.
   */
  private Future<byte[]> inline(String operation, Supplier<Future<byte[]>> call) {
    if (bulkhead.getMetrics().getAvailableConcurrentCalls() == 0) {
      return refused(operation, bulkheadFull());
    }
    long start = System.nanoTime();
    return Futures.whenDone(
        attempt(call), done -> metered(operation, done, System.nanoTime() - start));
  }

  /**
   * A call that was sent has ended: its permits are returned, the breaker learns the outcome and
   * {@code keyshift_backend_*} count it, all from one measurement.
   */
  private void settled(String operation, AsyncResult<byte[]> done, long elapsedNanos) {
    bulkhead.onComplete();
    if (done.succeeded()) {
      breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
    } else {
      breaker.onError(elapsedNanos, TimeUnit.NANOSECONDS, done.cause());
    }
    metered(operation, done, elapsedNanos);
  }

  private void metered(String operation, AsyncResult<byte[]> done, long elapsedNanos) {
    String outcome =
        done.succeeded()
            ? MeterNames.OUTCOME_SUCCESS
            : GatewayFailure.codeOf(done.cause()).outcomeTag();
    metrics.backendCall(name(), operation, outcome, elapsedNanos);
  }

  private GatewayFailure bulkheadFull() {
    return GatewayFailure.retryable(
        ErrorCode.THROTTLED,
        "backend " + name() + " has " + config.maxConcurrent() + " calls in flight",
        1);
  }

  private Future<byte[]> refused(String operation, GatewayFailure failure) {
    metrics.backendRefused(name(), operation, failure.code().outcomeTag());
    return Future.failedFuture(failure);
  }

  private static int seconds(long millis) {
    return (int) Math.max(1, (millis + 999) / 1000);
  }
}
