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
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds what the Azure SDK needs, all on the JDK's HTTP client (no Netty beside Vert.x's): the
 * HTTP client, trusting the JDK's CAs plus {@code trust-pem}, and the credential. Blocking I/O.
 */
final class AzureClients {
  private AzureClients() {}

  static HttpClient httpClient(Path trustPem) throws IOException, GeneralSecurityException {
    java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder();
    if (trustPem != null) {
      builder.sslContext(sslContext(trustPem));
    }
    return new JdkHttpClientBuilder(builder).build();
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

  /** The JDK's default trust anchors plus the certificates of {@code pem}. */
  private static SSLContext sslContext(Path pem) throws IOException, GeneralSecurityException {
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
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
