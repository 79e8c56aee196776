package dev.keyshift.gateway.backend.contract;

import dev.keyshift.gateway.StandInVault;
import dev.keyshift.gateway.TestPki;
import dev.keyshift.gateway.backend.BackendContext;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.backend.azure.AzureBackendConfig;
import dev.keyshift.gateway.backend.azure.AzureProvider;
import dev.keyshift.gateway.backend.azure.CredentialConfig;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens an Azure backend on a fresh stand-in vault holding keys {@code rsa-n/1} or {@code aes-n/1}.
 */
final class AzureContract {
  private AzureContract() {}

  /**
   * @param httpClient the SDK's transport: {@link AzureBackendConfig#VERTX_HTTP} or {@link
   *     AzureBackendConfig#JDK_HTTP}
   */
  static KeyBackend open(
      Vertx vertx,
      WorkerExecutor workers,
      Path dir,
      boolean managedHsm,
      String httpClient,
      StandInVault[] started)
      throws Exception {
    TestPki pki = TestPki.create(dir);
    StandInVault vault = StandInVault.start(vertx, pki, "vault-token", managedHsm);
    started[0] = vault;
    for (int n = 1; n <= 2; n++) {
      if (managedHsm) {
        vault.aesKey("aes-" + n, "1");
      } else {
        vault.rsaKey("rsa-" + n, "1");
      }
    }
    Files.writeString(dir.resolve("vault.token"), "vault-token");
    CredentialConfig credential = new CredentialConfig.TokenFile(dir.resolve("vault.token"));
    AzureBackendConfig config =
        new AzureBackendConfig(
            managedHsm ? AzureBackendConfig.MANAGED_HSM : AzureBackendConfig.KEY_VAULT,
            URI.create(vault.url()),
            credential,
            pki.caPem,
            30,
            AzureBackendConfig.DEFAULT_RETRIES,
            httpClient,
            null,
            null);
    return new AzureProvider()
        .open(config, new BackendContext("vault", vertx, workers, config.timeout()))
        .await();
  }
}
