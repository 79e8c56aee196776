package dev.keyshift.gateway.backend.contract;

import dev.keyshift.gateway.backend.BackendContext;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.backend.local.LocalBackendConfig;
import dev.keyshift.gateway.backend.local.LocalProvider;
import dev.keyshift.routing.Algorithm;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class LocalBackendContractTest extends KeyBackendContract {
  @TempDir Path dir;

  @Override
  protected KeyBackend open(Vertx vertx, WorkerExecutor workers) throws Exception {
    Files.writeString(dir.resolve("pw"), "pw");
    return new LocalProvider()
        .open(
            new LocalBackendConfig(dir.resolve("keys.p12"), dir.resolve("pw"), true),
            new BackendContext("local", vertx, workers, Duration.ofSeconds(30)))
        .await();
  }

  @Override
  protected List<Algorithm> algorithms() {
    return List.of(Algorithm.values());
  }

  @Override
  protected String key(Algorithm algorithm, int n) {
    return (algorithm.isRsa() ? "rsa-" : "aes-") + n;
  }
}
