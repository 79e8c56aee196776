package dev.keyshift.gateway.backend;

import dev.keyshift.gateway.backend.azure.AzureBackend;
import dev.keyshift.gateway.backend.local.LocalBackend;
import dev.keyshift.gateway.backend.pkcs11.Pkcs11Backend;
import dev.keyshift.gateway.config.AzureBackendConfig;
import dev.keyshift.gateway.config.BackendConfig;
import dev.keyshift.gateway.config.LocalBackendConfig;
import dev.keyshift.gateway.config.Pkcs11BackendConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

/** Opens the backend a configuration describes. */
public final class BackendFactory {
  private BackendFactory() {}

  /**
   * @param workers the bounded pool for blocking crypto and I/O
   */
  public static Future<KeyBackend> open(Vertx vertx, BackendConfig config, WorkerExecutor workers) {
    if (config instanceof LocalBackendConfig local) {
      return LocalBackend.open(local, workers);
    }
    if (config instanceof Pkcs11BackendConfig pkcs11) {
      return Pkcs11Backend.open(pkcs11, workers);
    }
    if (config instanceof AzureBackendConfig azure) {
      return AzureBackend.open(vertx, azure, workers);
    }
    return Future.failedFuture(
        new IllegalArgumentException("no backend implementation for " + config.getClass()));
  }
}
