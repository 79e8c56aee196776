package dev.keyshift.gateway.backend;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * What a backend is opened with: its name, the Vert.x instance, the bounded worker pool for
 * blocking crypto and I/O, and the bound on one call.
 *
 * @param name the backend's configured name
 * @param timeout how long one call may take; a blocking call still queued for a worker then is
 *     answered {@code BACKEND_TIMEOUT} and never runs
 */
public record BackendContext(String name, Vertx vertx, WorkerExecutor workers, Duration timeout) {

  /** Runs blocking work on the worker pool, unless it waited there longer than the timeout. */
  public <T> Future<T> blocking(Callable<T> work) {
    long deadline = System.nanoTime() + timeout.toNanos();
    return workers.executeBlocking(
        () -> {
          if (System.nanoTime() - deadline > 0) {
            throw timedOut();
          }
          return work.call();
        },
        false);
  }

  /**
   * Runs set-up work on the worker pool with no deadline: opening a store, preparing or generating
   * a key (an RSA-3072 key takes seconds). It is not a request, and waits behind others' set-up.
   */
  public <T> Future<T> setUp(Callable<T> work) {
    return workers.executeBlocking(work, false);
  }

  /** The failure of a call that ran out of time. */
  public GatewayFailure timedOut() {
    return GatewayFailure.of(
        ErrorCode.BACKEND_TIMEOUT, "backend " + name + " did not answer in time");
  }
}
