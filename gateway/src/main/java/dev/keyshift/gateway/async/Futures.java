package dev.keyshift.gateway.async;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.function.Function;

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

  /**
   * {@code future.map(mapper)}, applied at once when {@code future} is complete already: a mapper
   * that throws fails the answer, as with Vert.x's own.
   */
  public static <T, U> Future<U> map(Future<T> future, Function<? super T, U> mapper) {
    return future.isComplete()
        ? compose(future, value -> Future.succeededFuture(mapper.apply(value)))
        : future.map(mapper);
  }

  /**
   * {@code future.compose(next)}, with {@code next} called at once when {@code future} has
   * succeeded already: a {@code next} that throws fails the answer, as with Vert.x's own.
   */
  public static <T, U> Future<U> compose(Future<T> future, Function<? super T, Future<U>> next) {
    if (!future.isComplete()) {
      return future.compose(next);
    }
    if (future.failed()) {
      return Future.failedFuture(future.cause());
    }
    try {
      return next.apply(future.result());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
