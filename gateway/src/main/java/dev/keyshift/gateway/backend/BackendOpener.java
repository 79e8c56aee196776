package dev.keyshift.gateway.backend;

import dev.keyshift.gateway.config.BackendConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/**
 * Opens the backend a configuration describes. The gateway's own is {@link BackendFactory#open};
 * the benchmarks put a deliberately slow backend behind the same metering and resilience.
 */
@FunctionalInterface
public interface BackendOpener {
  /**
   * @param workers the bounded pool for blocking crypto and I/O
   */
  Future<KeyBackend> open(Vertx vertx, BackendConfig config, WorkerExecutor workers);
}
