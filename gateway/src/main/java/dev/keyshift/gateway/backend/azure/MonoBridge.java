package dev.keyshift.gateway.backend.azure;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Runs a Reactor {@link Mono} and hands its outcome back on a Vert.x context, so callers' callbacks
 * run on their event loop, not on the SDK's threads. Nothing parks a thread; a Mono that does not
 * answer within the timeout is cancelled and the Future fails.
 */
final class MonoBridge {
  private MonoBridge() {}

  static <T> Future<T> toFuture(Context context, Mono<T> mono, Duration timeout) {
    Promise<T> promise = Promise.promise();
    Disposable subscription =
        mono.subscribe(
            value -> context.runOnContext(v -> promise.tryComplete(value)),
            error -> context.runOnContext(v -> promise.tryFail(error)),
            () ->
                context.runOnContext(
                    v -> promise.tryFail(new IllegalStateException("the SDK answered nothing"))));
    return promise
        .future()
        .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .onFailure(failure -> subscription.dispose());
  }
}
