package dev.keyshift.gateway.backend;

import dev.keyshift.gateway.config.BackendConfig;
import io.vertx.core.Future;

/**
 * Opens the backend a configuration entry describes. The gateway's own opens it with its provider;
 * the benchmarks put a deliberately slow backend behind the same metering and resilience.
 */
@FunctionalInterface
public interface BackendOpener {
  Future<KeyBackend> open(BackendConfig config, BackendContext context);
}
