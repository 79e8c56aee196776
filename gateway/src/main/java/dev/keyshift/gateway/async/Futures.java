package dev.keyshift.gateway.async;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * Future steps for the serving path, where most Futures are complete when they are returned (local
 * AES answers inline): Vert.x would still hand each completion to a new Future through its context,
 * which costs a dispatch per step on every request.
 */
public final class Futures {
  private Futures() {}

  /**
   * Runs {@code then} once {@code future} completes and answers {@code future} itself: at once when
   * it is complete already, else when it completes ({@code then} must not throw).
   */
  public static <T> Future<T> whenDone(Future<T> future, Handler<AsyncResult<T>> then) {
    if (future.isComplete()) {
      then.handle(future);
      return future;
    }
    return future.andThen(then);
  }
}
