package dev.keyshift.gateway.backend.azure;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounds how many of a client's calls wait for a connection at once. A call waits only while the
 * pool opens a connection for it, so the bound is on connections opened together. Without it, a
 * pool that is empty (after a refused vault, an open circuit, a restart) or that has just let its
 * idle connections go opens one TLS connection per waiting call; on a busy host those handshakes
 * slow every call, more calls wait, and more connections open, until the bulkhead is full. With it,
 * the calls beyond the bound wait here and take the connections as they come free.
 *
 * <p>Confined to one Vert.x context: every method runs on it.
 */
final class ConnectGate {
  private final int limit;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int acquiring;
  private boolean draining;

  /**
   * @param limit the most acquisitions outstanding at once
   */
  ConnectGate(int limit) {
    this.limit = limit;
  }

  /**
   * Runs {@code acquisition} when fewer than the limit are outstanding.
   *
   * @param abandoned checked when the call's turn comes: if true, the acquisition never starts and
   *     the answer fails with a {@link CancellationException}
   */
  <T> Future<T> acquire(Supplier<Future<T>> acquisition, BooleanSupplier abandoned) {
    Promise<T> answer = Promise.promise();
    waiting.add(() -> start(acquisition, abandoned, answer));
    drain();
    return answer.future();
  }

  /** Acquisitions started and not yet completed. */
  int acquiring() {
    return acquiring;
  }

  /** Calls waiting for their turn. */
  int waiting() {
    return waiting.size();
  }

  private <T> void start(
      Supplier<Future<T>> acquisition, BooleanSupplier abandoned, Promise<T> answer) {
    if (abandoned.getAsBoolean()) {
      answer.fail(new CancellationException("abandoned while waiting for a connection"));
      return;
    }
    acquiring++;
    Future.<Void>succeededFuture()
        .compose(ready -> acquisition.get())
        .onComplete(
            done -> {
              acquiring--;
              answer.handle(done);
              drain();
            });
  }

  // A loop, not recursion: an acquisition that completes at once (an idle connection) would
  // otherwise start the next one inside its own completion, a frame per waiting call.
  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (acquiring < limit && !waiting.isEmpty()) {
        waiting.poll().run();
      }
    } finally {
      draining = false;
    }
  }
}
