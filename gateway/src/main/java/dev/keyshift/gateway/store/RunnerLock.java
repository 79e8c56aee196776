package dev.keyshift.gateway.store;

import io.vertx.core.Future;

/**
 * Who runs the plans: exactly one gateway per store. One gateway on a file store always does; of
 * replicas on the shared store, the one holding the database's advisory lock, until its session
 * ends (a crash, a lost connection), when another takes it.
 */
public interface RunnerLock {
  /** The lock of a store only one gateway uses. */
  RunnerLock ALONE =
      new RunnerLock() {
        @Override
        public Future<Boolean> hold() {
          return Future.succeededFuture(true);
        }

        @Override
        public void close() {}
      };

  /** Whether this gateway holds the lock now, taking it when it is free. */
  Future<Boolean> hold();

  /** Lets the lock go. */
  void close();
}
