package dev.keyshift.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@code type: azure-keyvault} or {@code azure-managedhsm} backend.
 *
 * @param name backend name
 * @param managedHsm whether the vault is a Managed HSM (tokens for managedhsm.azure.net)
 * @param url the vault's URL
 * @param credential how the gateway authenticates to the vault
 * @param trustPem extra CA certificates (private endpoints, tests), or null
 * @param timeout bound on one operation, retries included
 * @param retries retries of retryable failures (429, 408, 5xx but 501/505, connection errors),
 *     exponential from 0.4 s with jitter, honouring Retry-After and x-ms-retry-after-ms
 */
public record AzureBackendConfig(
    String name,
    boolean managedHsm,
    URI url,
    CredentialConfig credential,
    Path trustPem,
    Duration timeout,
    int retries)
    implements BackendConfig {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_RETRIES = 2;

  /** The token scope for this kind of vault. */
  public String scope() {
    return (managedHsm ? "https://managedhsm.azure.net" : "https://vault.azure.net") + "/.default";
  }
}
