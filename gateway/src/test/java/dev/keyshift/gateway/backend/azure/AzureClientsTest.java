package dev.keyshift.gateway.backend.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientCertificateCredential;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.DefaultAzureCredential;
import com.azure.identity.ManagedIdentityCredential;
import com.azure.identity.WorkloadIdentityCredential;
import dev.keyshift.gateway.TestPki;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every credential type of the config builds on the JDK HTTP client (Entra ID cannot be reached
 * here, so only token-file is exercised end to end; AzureBackendTest does that).
 */
class AzureClientsTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  /** The SDK's HTTP client over {@code httpClient} ({@code vertx} or {@code jdk}). */
  private HttpClient http(String httpClient, Path trustPem) throws Exception {
    AzureBackendConfig config =
        new AzureBackendConfig(
            AzureBackendConfig.KEY_VAULT,
            URI.create("https://example.vault.azure.net"),
            new CredentialConfig.Default(),
            trustPem,
            null,
            null,
            httpClient,
            null,
            null);
    return AzureClients.httpClient(config, vertx, vertx.getOrCreateContext(), 4);
  }

  @Test
  void theHttpClient_isVertxsByDefault_andTheJdksWhenAskedFor(@TempDir Path dir) throws Exception {
    TestPki pki = TestPki.create(dir);
    assertThat(http(null, pki.caPem)).isInstanceOf(VertxAzureHttpClient.class);
    assertThat(http(AzureBackendConfig.JDK_HTTP, pki.caPem))
        .isNotInstanceOf(VertxAzureHttpClient.class);
  }

  @Test
  void everyCredentialType_builds(@TempDir Path dir) throws Exception {
    TestPki pki = TestPki.create(dir);
    Path both = dir.resolve("app.pem");
    Files.writeString(both, Files.readString(pki.clientCert) + Files.readString(pki.clientKey));
    Files.writeString(dir.resolve("secret"), "s3cret\n");
    HttpClient http = http(AzureBackendConfig.VERTX_HTTP, pki.caPem);
    assertThat(AzureClients.credential(config("default", null, null, null, null), http))
        .isInstanceOf(DefaultAzureCredential.class);
    assertThat(
            AzureClients.credential(config("managed-identity", null, "client-1", null, null), http))
        .isInstanceOf(ManagedIdentityCredential.class);
    assertThat(
            AzureClients.credential(
                config("client-secret", "tenant-1", "client-1", dir.resolve("secret"), null), http))
        .isInstanceOf(ClientSecretCredential.class);
    assertThat(
            AzureClients.credential(
                config("client-certificate", "tenant-1", "client-1", null, both), http))
        .isInstanceOf(ClientCertificateCredential.class);
  }

  @Test
  void workloadIdentity_buildsWithItsFederatedTokenFile(@TempDir Path dir) throws Exception {
    CredentialConfig workload =
        new CredentialConfig.WorkloadIdentity("tenant-1", "client-1", dir.resolve("federated"));
    assertThat(AzureClients.credential(workload, http(AzureBackendConfig.VERTX_HTTP, null)))
        .isInstanceOf(WorkloadIdentityCredential.class);
  }

  @Test
  void tokenFile_handsOutTheFilesToken_andSeesItChange(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "first\n");
    TokenCredential credential =
        AzureClients.credential(new CredentialConfig.TokenFile(file), null);
    TokenRequestContext request =
        new TokenRequestContext().addScopes("https://vault.azure.net/.default");
    assertThat(credential.getToken(request).block().getToken()).isEqualTo("first");
    Files.writeString(file, "second\n");
    ((TokenFileCredential) credential).refresh();
    assertThat(credential.getToken(request).block().getToken()).isEqualTo("second");
  }

  private static CredentialConfig config(
      String type, String tenant, String client, Path secret, Path certificate) {
    return switch (type) {
      case "managed-identity" -> new CredentialConfig.ManagedIdentity(client);
      case "client-secret" -> new CredentialConfig.ClientSecret(tenant, client, secret);
      case "client-certificate" ->
          new CredentialConfig.ClientCertificate(tenant, client, certificate);
      default -> new CredentialConfig.Default();
    };
  }
}
