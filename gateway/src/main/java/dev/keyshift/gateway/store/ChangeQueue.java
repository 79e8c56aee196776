package dev.keyshift.gateway.store;

import io.vertx.core.Future;
import java.util.function.Supplier;

/** Runs a store's steps (changes, reads, reloads) one at a time, in the order they were queued. */
public final class ChangeQueue {
  /** The last step queued; the next one starts when it ends. Guarded by this. */
  private Future<?> tail = Future.succeededFuture();

  /** Queues {@code step}; a step that throws fails its own future and not the queue. */
  public synchronized <T> Future<T> then(Supplier<Future<T>> step) {
    Future<T> next =
        tail.transform(
            previous -> {
              try {
                return step.get();
              } catch (RuntimeException e) {
                return Future.failedFuture(e);
              }
            });
    tail = next;
    return next;
  }
}
