package dev.keyshift.gateway.backend.contract;

import dev.keyshift.gateway.backend.azure.AzureBackendConfig;

/** The same contract with the SDK on the JDK's HTTP client ({@code http-client: jdk}). */
class AzureKeyVaultJdkHttpContractTest extends AzureKeyVaultContractTest {
  @Override
  protected String httpClient() {
    return AzureBackendConfig.JDK_HTTP;
  }
}
