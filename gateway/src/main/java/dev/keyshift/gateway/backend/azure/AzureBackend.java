package dev.keyshift.gateway.backend.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.security.keyvault.keys.KeyServiceVersion;
import com.azure.security.keyvault.keys.cryptography.CryptographyAsyncClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.UnwrapResult;
import com.azure.security.keyvault.keys.cryptography.models.WrapResult;
import dev.keyshift.gateway.backend.BackendContext;
import dev.keyshift.gateway.backend.BackendFailures;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.config.ResilienceConfig;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys in Azure Key Vault or Managed HSM ({@code type: azure-keyvault | azure-managedhsm}), through
 * the SDK's {@code CryptographyAsyncClient}. Every operation goes to the service: key caching is
 * off, so the SDK never fetches a public key to wrap locally. A version's {@code key} is {@code
 * name/version} (or just {@code name} for the key's current version).
 */
public final class AzureBackend implements KeyBackend {
  private static final Duration TOKEN_FILE_REFRESH = Duration.ofSeconds(10);

  private final BackendContext context;
  private final Vertx vertx;
  private final AzureBackendConfig config;
  private final TokenCredential credential;
  private final WorkerExecutor workers;
  private final HttpClient http;
  private final HttpPipeline pipeline;
  private final Map<String, CryptographyAsyncClient> clients = new ConcurrentHashMap<>();

  private AzureBackend(
      BackendContext context,
      AzureBackendConfig config,
      HttpClient http,
      TokenCredential credential) {
    this.context = context;
    this.vertx = context.vertx();
    this.workers = context.workers();
    this.config = config;
    this.credential = credential;
    this.http = http;
    this.pipeline = pipeline(config, http, credential);
  }

  /** Builds the HTTP client and credential on the worker pool (they read files). */
  static Future<KeyBackend> open(AzureBackendConfig config, BackendContext context) {
    // One event loop carries the backend's vault traffic; a Vert.x client is driven from its own.
    Context loop = ((VertxInternal) context.vertx()).createEventLoopContext();
    ResilienceConfig resilience =
        config.resilience() == null ? ResilienceConfig.DEFAULT : config.resilience();
    // A call waits for a connection within the bulkhead: more connections could never be used.
    int connections = Math.min(resilience.maxConcurrent(), config.connections());
    return context
        .workers()
        .executeBlocking(
            () -> {
              HttpClient http = AzureClients.httpClient(config, context.vertx(), loop, connections);
              AzureBackend backend =
                  new AzureBackend(
                      context, config, http, AzureClients.credential(config.credential(), http));
              if (backend.credential instanceof TokenFileCredential file) {
                backend.refreshPeriodically(file);
              }
              return backend;
            },
            false);
  }

  private void refreshPeriodically(TokenFileCredential file) {
    vertx.setPeriodic(
        TOKEN_FILE_REFRESH.toMillis(),
        id ->
            workers.executeBlocking(
                () -> {
                  file.refresh();
                  return null;
                },
                false));
  }

  @Override
  public String name() {
    return context.name();
  }

  @Override
  public Future<Void> prepare(KeyVersion version) {
    if (wireAlgorithm(version.algorithm()) == null) {
      return Future.failedFuture(
          BackendFailures.cannotServe(
              name(),
              version,
              version.algorithm().wireName() + " is not a key wrap algorithm of this vault",
              null));
    }
    // Building a client loads classes and a pipeline: worker work, done once per key.
    return workers.executeBlocking(() -> client(version), false).mapEmpty();
  }

  /**
   * Opens connections to the vault ahead of the calls (the Vert.x transport; the JDK one opens them
   * as calls come). A pool emptied by an outage or by idling would otherwise open one per waiting
   * call when the change sends thousands a second, each a TLS handshake on the cores the calls
   * need.
   */
  @Override
  public Future<Void> warm(KeyVersion version) {
    return http instanceof VertxAzureHttpClient vertxHttp
        ? vertxHttp.warm(
            keyUrl(version.key()) + "?api-version=" + KeyServiceVersion.getLatest().getVersion(),
            config.timeout())
        : Future.succeededFuture();
  }

  @Override
  public Future<byte[]> wrap(KeyVersion version, byte[] plaintext) {
    return call(
        "wrap",
        version,
        client(version)
            .wrapKey(wireAlgorithm(version.algorithm()), plaintext)
            .map(WrapResult::getEncryptedKey));
  }

  @Override
  public Future<byte[]> unwrap(KeyVersion version, byte[] wrapped) {
    return call(
        "unwrap",
        version,
        client(version)
            .unwrapKey(wireAlgorithm(version.algorithm()), wrapped)
            .map(UnwrapResult::getKey));
  }

  /** Healthy when a token for the vault can be had (which also warms the credential's cache). */
  @Override
  public Future<Void> health() {
    TokenRequestContext request = new TokenRequestContext().addScopes(config.scope());
    return MonoBridge.toFuture(
            vertx.getOrCreateContext(), credential.getToken(request), config.timeout())
        .mapEmpty();
  }

  private Future<byte[]> call(
      String operation, KeyVersion version, reactor.core.publisher.Mono<byte[]> mono) {
    return MonoBridge.toFuture(vertx.getOrCreateContext(), mono, config.timeout())
        .recover(
            failure -> Future.failedFuture(AzureFailures.map(name(), operation, version, failure)));
  }

  /**
   * The SDK's pipeline for every key of this vault: a client request id, retries as configured, and
   * the bearer token from {@link VaultTokenPolicy} (the SDK's own token policy makes concurrent
   * calls wait 500 ms for one another).
   */
  private static HttpPipeline pipeline(
      AzureBackendConfig config, HttpClient http, TokenCredential credential) {
    RetryOptions retries =
        new RetryOptions(
            new ExponentialBackoffOptions()
                .setMaxRetries(config.retries())
                .setBaseDelay(Duration.ofMillis(400))
                .setMaxDelay(Duration.ofSeconds(4)));
    return new HttpPipelineBuilder()
        .httpClient(http)
        .policies(
            new RequestIdPolicy(),
            new RetryPolicy(retries),
            new VaultTokenPolicy(credential, config.scope()))
        .build();
  }

  private CryptographyAsyncClient client(KeyVersion version) {
    return clients.computeIfAbsent(
        version.key(),
        key ->
            new CryptographyClientBuilder()
                .keyIdentifier(keyUrl(key))
                .pipeline(pipeline)
                .disableKeyCaching()
                .buildAsyncClient());
  }

  private String keyUrl(String key) {
    return config.url() + "/keys/" + key;
  }

  private static KeyWrapAlgorithm wireAlgorithm(Algorithm algorithm) {
    return switch (algorithm) {
      case RSA_OAEP_256 -> KeyWrapAlgorithm.RSA_OAEP_256;
      case RSA_OAEP -> KeyWrapAlgorithm.RSA_OAEP;
      case A256KW -> KeyWrapAlgorithm.A256KW;
      case A256KWP -> KeyWrapAlgorithm.CKM_AES_KEY_WRAP_PAD;
      case A256GCM -> null;
    };
  }
}
