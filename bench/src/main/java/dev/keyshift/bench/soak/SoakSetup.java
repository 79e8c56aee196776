package dev.keyshift.bench.soak;

import dev.keyshift.gateway.StandInVault;
import dev.keyshift.gateway.TestPki;
import dev.keyshift.gateway.auth.TokenAuthenticator;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The soak's world: a gateway folder with its config and routing, and the Managed HSM stand-in
 * behind the alias's second version (the one the faults hit). Version v1 is a local key.
 */
final class SoakSetup implements AutoCloseable {
  static final String ALIAS = "soak";
  static final String FAULTY = "v2";

  final Path dir;
  final Path config;
  final int dataPort;
  final int adminPort;
  final String clientToken = "soak-client-" + UUID.randomUUID();
  final String adminToken = "soak-ops-" + UUID.randomUUID();
  final StandInVault vault;
  private final Vertx vaultVertx;

  SoakSetup(Path dir) throws Exception {
    this.dir = dir;
    Files.createDirectories(dir);
    this.dataPort = freePort();
    this.adminPort = freePort();
    this.vaultVertx = Vertx.vertx();
    String vaultToken = "soak-vault-" + UUID.randomUUID();
    TestPki pki = TestPki.create(dir);
    this.vault =
        StandInVault.start(vaultVertx, pki, vaultToken, true)
            .aesKey("soak-kek", "1")
            .withoutRecording();
    Files.writeString(dir.resolve("vault.token"), vaultToken + "\n");
    Files.writeString(dir.resolve("keystore.password"), UUID.randomUUID() + "\n");
    this.config = dir.resolve("keyshift.yaml");
    Files.writeString(config, config(pki));
    Files.writeString(
        dir.resolve("routing.yaml"),
        """
        aliases:
          soak:
            lazy-rewrap: true
            versions:
              - { id: v1, backend: local, key: soak-v1, algorithm: A256KW, weight: 50 }
              - { id: v2, backend: vault, key: "soak-kek/1", algorithm: A256KW, weight: 50 }
        """);
  }

  private String config(TestPki pki) {
    return """
        server: { host: 127.0.0.1, port: %d, shutdown-grace: 10 }
        admin: { host: 127.0.0.1, port: %d }
        auth:
          tokens:
            - { name: soak-app, sha256: "%s", aliases: [soak] }
            - { name: ops, sha256: "%s", admin: true }
        backends:
          local: { type: local, keystore: keys.p12, password-file: keystore.password, create-missing-keys: true }
          vault: { type: azure-managedhsm, url: "%s", credential: { type: token-file, path: vault.token }, trust-pem: %s, timeout: 5 }
        routing: { file: routing.yaml }
        """
        .formatted(
            dataPort,
            adminPort,
            TokenAuthenticator.sha256Hex(clientToken),
            TokenAuthenticator.sha256Hex(adminToken),
            vault.url(),
            pki.caPem.getFileName());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    vault.close();
    vaultVertx.close().await();
  }
}
