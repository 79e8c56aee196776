package dev.keyshift.gateway.backend.azure;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyshift.gateway.config.BackendConfig;
import dev.keyshift.gateway.config.ResilienceConfig;
import dev.keyshift.gateway.config.TlsConfig;
import dev.keyshift.routing.file.FieldProblem;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@code type: azure-keyvault} or {@code azure-managedhsm} backend.
 *
 * @param type which kind of vault: Managed HSM tokens are for managedhsm.azure.net
 * @param url the vault's URL, without a trailing slash
 * @param credential how the gateway authenticates to the vault
 * @param trustPem extra CA certificates (private endpoints, tests), or null
 * @param timeoutSeconds ({@code timeout}) seconds one operation may take, retries included; default
 *     10
 * @param retries retries of retryable failures (429, 408, 5xx but 501/505, connection errors),
 *     exponential from 0.4 s with jitter, honouring Retry-After and x-ms-retry-after-ms
 * @param httpClient ({@code http-client}) the SDK's transport: {@value #VERTX_HTTP} (default, the
 *     gateway's own Vert.x client) or {@value #JDK_HTTP} (the JDK's {@code java.net.http} client,
 *     about three times the CPU per call)
 * @param connections the most connections the Vert.x transport keeps to the vault, at most {@code
 *     resilience.max-concurrent}; default {@value #DEFAULT_CONNECTIONS}
 */
public record AzureBackendConfig(
    String type,
    URI url,
    CredentialConfig credential,
    Path trustPem,
    @JsonProperty("timeout") Integer timeoutSeconds,
    Integer retries,
    @JsonProperty("http-client") String httpClient,
    Integer connections,
    ResilienceConfig resilience)
    implements BackendConfig {

  public static final String KEY_VAULT = "azure-keyvault";
  public static final String MANAGED_HSM = "azure-managedhsm";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_RETRIES = 2;
  public static final String VERTX_HTTP = "vertx";
  public static final String JDK_HTTP = "jdk";

  /**
   * HTTP/1.1 carries one call at a time on a connection: 64 carry 6,400 calls/s at 10 ms each, more
   * than a Managed HSM partition serves (2,200 AES unwraps/s), with room for the vault to slow
   * down. Fewer refill faster after an outage (each connection is a TLS handshake when the calls
   * come back all at once) but leave less room: on the soak's two cores 24 shed 60% fewer calls
   * than 64 on a refill, and a 10 ms stall at 6,500 vault calls/s filled the bulkhead with 24
   * (docs/PERFORMANCE.md, "Soak").
   */
  public static final int DEFAULT_CONNECTIONS = 64;

  public AzureBackendConfig {
    FieldProblem.check(
        "https".equals(FieldProblem.required(url, "url").getScheme()),
        "url",
        "must be an https URL (the Azure SDK sends tokens only over TLS)");
    String text = url.toString();
    url = text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    // Named by its type: what an operator has to add first.
    FieldProblem.required(credential, "credential.type");
    if (trustPem != null) {
      TlsConfig.readable(trustPem, "trust-pem");
    }
    FieldProblem.optionalInt(timeoutSeconds, "timeout", 1, 300, 0);
    retries = FieldProblem.optionalInt(retries, "retries", 0, 10, DEFAULT_RETRIES);
    connections =
        FieldProblem.optionalInt(connections, "connections", 1, 4096, DEFAULT_CONNECTIONS);
    httpClient = httpClient == null ? VERTX_HTTP : httpClient;
    FieldProblem.check(
        VERTX_HTTP.equals(httpClient) || JDK_HTTP.equals(httpClient),
        "http-client",
        "must be " + VERTX_HTTP + " or " + JDK_HTTP);
  }

  /** Whether the vault is a Managed HSM. */
  public boolean managedHsm() {
    return MANAGED_HSM.equals(type);
  }

  @Override
  public Duration timeout() {
    return BackendConfig.timeout(timeoutSeconds, DEFAULT_TIMEOUT);
  }

  /** The token scope for this kind of vault. */
  public String scope() {
    return (managedHsm() ? "https://managedhsm.azure.net" : "https://vault.azure.net")
        + "/.default";
  }
}
