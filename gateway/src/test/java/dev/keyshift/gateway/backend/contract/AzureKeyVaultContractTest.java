package dev.keyshift.gateway.backend.contract;

import dev.keyshift.gateway.StandInVault;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.backend.azure.AzureBackendConfig;
import dev.keyshift.routing.Algorithm;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** The contract on azure-keyvault against its stand-in: RSA keys. */
class AzureKeyVaultContractTest extends KeyBackendContract {
  @TempDir Path dir;
  final StandInVault[] vault = new StandInVault[1];

  @Override
  protected KeyBackend open(Vertx vertx, WorkerExecutor workers) throws Exception {
    return AzureContract.open(vertx, workers, dir, false, httpClient(), vault);
  }

  /** The SDK's transport under test; the default's, Vert.x. */
  protected String httpClient() {
    return AzureBackendConfig.VERTX_HTTP;
  }

  @Override
  protected void closeBackend() {
    vault[0].close();
  }

  @Override
  protected List<Algorithm> algorithms() {
    return List.of(Algorithm.RSA_OAEP_256, Algorithm.RSA_OAEP);
  }

  @Override
  protected String key(Algorithm algorithm, int n) {
    return "rsa-" + n + "/1";
  }
}
