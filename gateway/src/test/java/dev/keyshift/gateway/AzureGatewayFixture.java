package dev.keyshift.gateway;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import io.vertx.core.Vertx;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import reactor.core.publisher.Mono;

/**
 * A gateway with an {@code azure-keyvault} backend ({@code old-kv}) and an {@code azure-managedhsm}
 * backend ({@code new-hsm}) on stand-ins, a local backend, TLS on the data plane, and Azure SDK
 * clients for the application's side.
 */
final class AzureGatewayFixture implements AutoCloseable {
  static final String VAULT_TOKEN = "token-the-vaults-accept";

  final TestPki pki;
  final StandInVault keyVault;
  final StandInVault managedHsm;
  final TestGateway gw;

  private AzureGatewayFixture(
      TestPki pki, StandInVault keyVault, StandInVault managedHsm, TestGateway gw) {
    this.pki = pki;
    this.keyVault = keyVault;
    this.managedHsm = managedHsm;
    this.gw = gw;
  }

  static AzureGatewayFixture start(Vertx vertx, Path dir, String routing) throws Exception {
    return start(vertx, dir, routing, "", "");
  }

  /** With extra fields for the old-kv and new-hsm backends, e.g. {@code , resilience: {...}}. */
  static AzureGatewayFixture start(
      Vertx vertx, Path dir, String routing, String oldKvExtra, String newHsmExtra)
      throws Exception {
    return start(vertx, dir, routing, oldKvExtra, newHsmExtra, Clock.systemUTC());
  }

  /** With the gateway's holds and audit timed by {@code clock}. */
  static AzureGatewayFixture start(
      Vertx vertx, Path dir, String routing, String oldKvExtra, String newHsmExtra, Clock clock)
      throws Exception {
    return start(vertx, dir, routing, oldKvExtra, newHsmExtra, clock, "");
  }

  /** With {@code moreConfig} (whole top-level sections) appended to keyshift.yaml. */
  static AzureGatewayFixture start(
      Vertx vertx,
      Path dir,
      String routing,
      String oldKvExtra,
      String newHsmExtra,
      Clock clock,
      String moreConfig)
      throws Exception {
    TestPki pki = TestPki.create(dir);
    StandInVault keyVault =
        StandInVault.start(vertx, pki, VAULT_TOKEN, false).rsaKey("orders-kek", "1");
    StandInVault managedHsm =
        StandInVault.start(vertx, pki, VAULT_TOKEN, true).aesKey("hsm-kek", "1");
    Files.writeString(dir.resolve("vault.token"), VAULT_TOKEN + "\n");
    Files.writeString(dir.resolve("keystore.password"), "test-password\n");
    String backends =
        """
        backends:
          local: { type: local, keystore: keys.p12, password-file: keystore.password, create-missing-keys: true }
          old-kv: { type: azure-keyvault, url: "%s", credential: { type: token-file, path: vault.token }, trust-pem: ca.pem, timeout: 4%s }
          new-hsm: { type: azure-managedhsm, url: "%s", credential: { type: token-file, path: vault.token }, trust-pem: ca.pem, timeout: 4%s }
        """
            .formatted(keyVault.url(), oldKvExtra, managedHsm.url(), newHsmExtra);
    String config =
        TestGateway.config()
            .replace(
                "server: { shutdown-grace: 5 }",
                "server: { tls: { cert: server.pem, key: server-key.pem } }")
            .replaceAll("(?s)backends:\\n.*?\\n(routing:)", backends + "$1");
    Files.writeString(dir.resolve("keyshift.yaml"), config + moreConfig);
    Files.writeString(dir.resolve("routing.yaml"), routing);
    return new AzureGatewayFixture(
        pki, keyVault, managedHsm, TestGateway.startWithoutWritingRouting(vertx, dir, clock));
  }

  /**
   * An application's CryptographyClient for a key id at {@code base} (the vault or the gateway).
   */
  CryptographyClient client(String base, String keyPath, String token) throws Exception {
    TokenCredential credential =
        request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
    return new CryptographyClientBuilder()
        .keyIdentifier(base + keyPath)
        .credential(credential)
        .httpClient(
            new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(pki.sslContext(false)))
                .build())
        .disableChallengeResourceVerification()
        .buildClient();
  }

  String gatewayUrl() {
    return "https://localhost:" + gw.gateway.dataPort();
  }

  @Override
  public void close() {
    gw.close();
    keyVault.close();
    managedHsm.close();
  }
}
