package dev.keyshift.gateway.backend.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import dev.keyshift.gateway.config.SecretFiles;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds what the Azure SDK needs: the HTTP client (Vert.x's or the JDK's; never a second Netty
 * beside Vert.x's), trusting the JDK's CAs plus {@code trust-pem}, and the credential. Blocking
 * I/O.
 */
final class AzureClients {
  static final int KEEP_IDLE_SECONDS = 180;

  private AzureClients() {}

  /**
   * @param context where the Vert.x client's exchanges run (an event-loop context)
   * @param connections the most connections the Vert.x client keeps open to the vault
   */
  static HttpClient httpClient(
      AzureBackendConfig config, Vertx vertx, Context context, int connections)
      throws IOException, GeneralSecurityException {
    if (AzureBackendConfig.JDK_HTTP.equals(config.httpClient())) {
      java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder();
      if (config.trustPem() != null) {
        builder.sslContext(sslContext(config.trustPem()));
      }
      return new JdkHttpClientBuilder(builder).build();
    }
    // A connection that cannot be opened within one operation's time is of no use to it, and a
    // pending connect holds one of the few places in VertxAzureHttpClient's connect gate. Idle
    // connections are kept for 3 minutes, not Vert.x's 1: a pool that lets go of what a burst
    // grew must open them again, one TLS handshake each, at the next burst (a routing change
    // that moves wraps to the vault), and the soak showed that stall filling the bulkhead. 3
    // minutes stays under the 4 minutes after which Azure's load balancers drop idle flows.
    HttpClientOptions options =
        new HttpClientOptions()
            .setVerifyHost(true)
            .setSslEngineOptions(new VaultTlsEngine())
            .setKeepAliveTimeout(KEEP_IDLE_SECONDS)
            .setConnectTimeout((int) Math.min(config.timeout().toMillis(), Integer.MAX_VALUE));
    if (config.trustPem() != null) {
      options.setTrustOptions(TrustOptions.wrap(trust(config.trustPem())));
    }
    AtomicInteger open = new AtomicInteger();
    io.vertx.core.http.HttpClient client =
        vertx
            .httpClientBuilder()
            .with(options)
            .with(new PoolOptions().setHttp1MaxSize(connections))
            .withConnectHandler(
                connection -> {
                  open.incrementAndGet();
                  connection.closeHandler(closed -> open.decrementAndGet());
                })
            .build();
    return new VertxAzureHttpClient(context, client, config.timeout(), connections, open::get);
  }

  static TokenCredential credential(CredentialConfig config, HttpClient http) throws IOException {
    if (config instanceof CredentialConfig.ManagedIdentity managed) {
      return new ManagedIdentityCredentialBuilder()
          .clientId(managed.clientId())
          .httpClient(http)
          .build();
    }
    if (config instanceof CredentialConfig.WorkloadIdentity workload) {
      return workloadIdentity(workload, http);
    }
    if (config instanceof CredentialConfig.ClientSecret secret) {
      return new ClientSecretCredentialBuilder()
          .tenantId(secret.tenantId())
          .clientId(secret.clientId())
          .clientSecret(SecretFiles.read(secret.secretFile()))
          .httpClient(http)
          .build();
    }
    if (config instanceof CredentialConfig.ClientCertificate certificate) {
      return new ClientCertificateCredentialBuilder()
          .tenantId(certificate.tenantId())
          .clientId(certificate.clientId())
          .pemCertificate(certificate.certificate().toString())
          .httpClient(http)
          .build();
    }
    if (config instanceof CredentialConfig.TokenFile file) {
      TokenFileCredential credential = new TokenFileCredential(file.path());
      credential.refresh();
      return credential;
    }
    return new DefaultAzureCredentialBuilder().httpClient(http).build();
  }

  private static TokenCredential workloadIdentity(
      CredentialConfig.WorkloadIdentity config, HttpClient http) {
    WorkloadIdentityCredentialBuilder builder =
        new WorkloadIdentityCredentialBuilder().httpClient(http);
    if (config.tenantId() != null) {
      builder.tenantId(config.tenantId());
    }
    if (config.clientId() != null) {
      builder.clientId(config.clientId());
    }
    if (config.path() != null) {
      builder.tokenFilePath(config.path().toString());
    }
    return builder.build();
  }

  private static SSLContext sslContext(Path pem) throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust(pem).getTrustManagers(), null);
    return context;
  }

  /** The JDK's default trust anchors plus the certificates of {@code pem}. */
  private static TrustManagerFactory trust(Path pem) throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    try (InputStream in =
        Files.newInputStream(
            Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"))) {
      trust.load(in, null);
    }
    try (InputStream in = Files.newInputStream(pem)) {
      int i = 0;
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("keyshift-trust-pem-" + i++, certificate);
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    return factory;
  }
}
