package dev.keyshift.gateway.backend.azure;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs a Reactor {@link Mono} off the event loop and hands its outcome back on a Vert.x context, so
 * callers' callbacks run on their event loop, not on the SDK's threads. Nothing parks a thread; a
 * Mono that does not answer within the timeout is cancelled and the Future fails.
 */
final class MonoBridge {
  private static final Logger LOG = LoggerFactory.getLogger(MonoBridge.class);

  static {
    // A call abandoned at its timeout is cancelled; the SDK then reports the cancellation to no
    // one, which Reactor logs at ERROR with a stack trace by default. It is expected: DEBUG.
    Hooks.onErrorDropped(e -> LOG.debug("dropped after the caller gave up: {}", e.toString()));
  }

  private MonoBridge() {}

  static <T> Future<T> toFuture(Context context, Mono<T> mono, Duration timeout) {
    CompletableFuture<T> result = new CompletableFuture<>();
    // The SDK builds each request synchronously on the subscribing thread (about a millisecond of
    // CPU, more on a first call): subscribing on Reactor's bounded-elastic threads keeps that off
    // the event loop.
    Disposable subscription =
        mono.subscribeOn(Schedulers.boundedElastic())
            .subscribe(
                result::complete,
                result::completeExceptionally,
                () ->
                    result.completeExceptionally(
                        new IllegalStateException("the SDK answered nothing")));
    // Bound to the caller's context: callbacks run on its event loop, and the timeout's timer is
    // that loop's, not Vert.x's global one (whose cancellation takes a lock).
    return Future.fromCompletionStage(result, context)
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .onFailure(failure -> subscription.dispose());
  }
}
