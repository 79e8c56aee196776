package dev.keyshift.gateway.backend;

import dev.keyshift.gateway.backend.local.LocalBackend;
import dev.keyshift.gateway.config.BackendConfig;
import dev.keyshift.gateway.config.LocalBackendConfig;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;

/** Opens the backend a configuration describes. */
public final class BackendFactory {
  private BackendFactory() {}

  /**
   * @param workers the bounded pool for blocking crypto and I/O
   */
  public static Future<KeyBackend> open(BackendConfig config, WorkerExecutor workers) {
    if (config instanceof LocalBackendConfig local) {
      return LocalBackend.open(local, workers);
    }
    return Future.failedFuture(
        new IllegalArgumentException("no backend implementation for " + config.getClass()));
  }
}
