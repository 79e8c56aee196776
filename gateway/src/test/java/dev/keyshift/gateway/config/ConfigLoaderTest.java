package dev.keyshift.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyshift.gateway.backend.azure.AzureBackendConfig;
import dev.keyshift.gateway.backend.azure.CredentialConfig;
import dev.keyshift.gateway.backend.local.LocalBackendConfig;
import dev.keyshift.gateway.backend.providers.BackendProviders;
import dev.keyshift.routing.Operation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  static final String HASH = "a".repeat(64);
  static final String HASH2 = "b".repeat(64);

  @TempDir Path dir;

  @Test
  void designExample_loadsWithPathsAgainstConfigFolder() throws Exception {
    GatewayConfig config =
        load(
            """
            server: { host: 0.0.0.0, port: 9090, shutdown-grace: 7 }
            admin:  { host: 127.0.0.1, port: 9091 }
            auth:
              tokens:
                - { name: orders-service, sha256: "%s", aliases: [orders], operations: [wrap, unwrap] }
                - { name: ops, sha256: "%s", admin: true }
            backends:
              dev: { type: local, keystore: data/keys.p12, password-file: data/keystore.password, create-missing-keys: true }
            routing: { file: routing.yaml }
            """
                .formatted(HASH, HASH2));
    assertThat(config.server()).isEqualTo(new Listener("0.0.0.0", 9090));
    assertThat(config.admin()).isEqualTo(new Listener("127.0.0.1", 9091));
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(7));
    assertThat(config.routingFile()).isEqualTo(dir.resolve("routing.yaml"));
    assertThat(config.backends().get("dev"))
        .isEqualTo(
            new LocalBackendConfig(
                dir.resolve("data/keys.p12"), dir.resolve("data/keystore.password"), true));
    TokenRule orders = config.tokens().get(0);
    assertThat(orders.permits("orders", Operation.WRAP)).isTrue();
    assertThat(orders.permits("orders", Operation.REWRAP)).isFalse();
    assertThat(orders.permits("billing", Operation.WRAP)).isFalse();
    assertThat(config.tokens().get(1).admin()).isTrue();
  }

  @Test
  void defaults_bindLoopbackOnDesignPorts() throws Exception {
    GatewayConfig config = load("routing: { file: /etc/keyshift/routing.yaml }");
    assertThat(config.server()).isEqualTo(new Listener("127.0.0.1", 8080));
    assertThat(config.admin()).isEqualTo(new Listener("127.0.0.1", 8081));
    assertThat(config.shutdownGrace()).isEqualTo(GatewayConfig.DEFAULT_SHUTDOWN_GRACE);
    assertThat(config.routingFile()).isEqualTo(Path.of("/etc/keyshift/routing.yaml"));
    assertThat(config.vertxMeters()).isFalse();
  }

  @Test
  void vertxMeters_canBeTurnedOn() throws Exception {
    assertThat(load("routing: { file: r.yaml }\nmetrics: { vertx: true }").vertxMeters()).isTrue();
    assertThat(load("routing: { file: r.yaml }\nmetrics: { vertx: false }").vertxMeters())
        .isFalse();
    assertFails(
        "routing: { file: r.yaml }\nmetrics: { vertx: maybe }",
        "metrics.vertx: must be true or false");
    assertFails(
        "routing: { file: r.yaml }\nmetrics: { jvm: false }",
        "metrics.jvm: unknown field (expected one of [vertx])");
  }

  @Test
  void tokenWithoutOperations_mayDoEveryOperation() throws Exception {
    GatewayConfig config =
        load(
            "auth: { tokens: [ { name: a, sha256: \"%s\", aliases: [\"*\"] } ] }\nrouting: { file: r.yaml }"
                .formatted(HASH));
    assertThat(config.tokens().get(0).operations()).isEqualTo(EnumSet.allOf(Operation.class));
    assertThat(config.tokens().get(0).aliases()).isEqualTo(Set.of("*"));
  }

  @Test
  void badConfigs_failWithOneLineNamingFileFieldAndProblem() throws Exception {
    assertFails("server: { port: 8080 }", "routing: is required (routing: { file: routing.yaml })");
    assertFails(
        "routing: { file: r.yaml }\nserver: { port: 70000 }",
        "server.port: must be between 0 and 65535");
    assertFails(
        "routing: { file: r.yaml }\nserver: { prot: 1 }",
        "server.prot: unknown field (expected one of [azure-challenge, header-timeout, host, idle-timeout, max-connections, port, shutdown-grace, tls])");
    assertFails(
        "routing: { file: r.yaml }\nserver: { tls: { cert: a.pem, key: k.pem } }",
        "server.tls.cert: cannot read " + dir.resolve("a.pem"));
    assertFails(
        "routing: { file: r.yaml }\nserver: { tls: { cert: a.pem, pkcs12: b.p12 } }",
        "server.tls: give either cert and key (PEM) or pkcs12 and password-file");
    assertFails(
        "routing: { file: r.yaml }\nbackends: { hsm: { type: thales } }",
        "backends.hsm.type: backend type 'thales' is not available in this build (available: local, pkcs11, azure-keyvault, azure-managedhsm)");
    assertFails(
        "routing: { file: r.yaml }\nbackends: { kv: { type: azure-keyvault, url: \"https://x\" } }",
        "backends.kv.credential.type: is required");
    assertFails(
        "routing: { file: r.yaml }\nbackends: { kv: { type: azure-keyvault, url: \"http://x\", credential: { type: default } } }",
        "backends.kv.url: must be an https URL (the Azure SDK sends tokens only over TLS)");
    assertFails(
        "routing: { file: r.yaml }\nbackends: { kv: { type: azure-keyvault, url: \"https://x\", credential: { type: password } } }",
        "backends.kv.credential.type: unknown credential type 'password' (default, managed-identity, workload-identity, client-secret, client-certificate, token-file)");
    assertFails(
        "routing: { file: r.yaml }\nbackends: { kv: { type: azure-keyvault, url: \"https://x\", credential: { type: client-secret, client-id: c } } }",
        "backends.kv.credential.tenant-id: is required");
    assertFails(
        "routing: { file: r.yaml }\nauth: { jwt: { issuer: i, audience: a } }",
        "auth.jwt: give either jwks-url or public-keys");
    assertFails(
        "routing: { file: r.yaml }\nbackends: { dev: { type: local, password-file: p } }",
        "backends.dev.keystore: is required");
    assertFails(
        "routing: { file: r.yaml }\nauth: { tokens: [ { name: a, sha256: \"abc\", aliases: [x] } ] }",
        "auth.tokens[0].sha256: must be 64 hex digits (the SHA-256 of the token)");
    assertFails(
        "routing: { file: r.yaml }\nauth: { tokens: [ { name: a, sha256: \"%s\" } ] }"
            .formatted(HASH),
        "auth.tokens[0].aliases: is required for a client token ([\"*\"] for every alias)");
    assertFails(
        "routing: { file: r.yaml }\nauth: { tokens: [ { name: a, sha256: \"%s\", aliases: [x], operations: [wrap, sign] } ] }"
            .formatted(HASH),
        "auth.tokens[0].operations[1]: unknown operation 'sign' (wrap, unwrap, rewrap, datakey)");
    assertFails(
        "routing: { file: r.yaml }\nauth: { tokens: [ { name: a, sha256: \"%s\", admin: true }, { name: a, sha256: \"%s\", admin: true } ] }"
            .formatted(HASH, HASH2),
        "auth.tokens[1].name: token name 'a' is used twice");
    assertFails("routing: { file: r.yaml", "(syntax): not valid YAML at line 1");
    assertFails("- a list", "(top level): must be a mapping");
  }

  @Test
  void azureBackends_andJwt_load() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("secret"), "s");
    java.nio.file.Files.writeString(dir.resolve("signer.pem"), "-----BEGIN PUBLIC KEY-----");
    GatewayConfig config =
        load(
            """
            auth:
              jwt:
                issuer: "https://login.microsoftonline.com/t/v2.0"
                audience: "https://vault.azure.net"
                public-keys: [signer.pem]
                grants:
                  - { value: "app-1", name: orders-app, aliases: [orders], operations: [wrap] }
            backends:
              kv: { type: azure-keyvault, url: "https://old.vault.azure.net/", credential: { type: client-secret, tenant-id: t, client-id: c, secret-file: secret } }
              mhsm: { type: azure-managedhsm, url: "https://new.managedhsm.azure.net", credential: { type: managed-identity }, timeout: 3, retries: 5, connections: 96 }
            routing: { file: routing.yaml }
            """);
    AzureBackendConfig kv = (AzureBackendConfig) config.backends().get("kv");
    assertThat(kv.url().toString()).isEqualTo("https://old.vault.azure.net");
    assertThat(kv.scope()).isEqualTo("https://vault.azure.net/.default");
    assertThat(((CredentialConfig.ClientSecret) kv.credential()).secretFile())
        .isEqualTo(dir.resolve("secret"));
    AzureBackendConfig mhsm = (AzureBackendConfig) config.backends().get("mhsm");
    assertThat(mhsm.scope()).isEqualTo("https://managedhsm.azure.net/.default");
    assertThat(mhsm.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(mhsm.retries()).isEqualTo(5);
    assertThat(kv.retries()).isEqualTo(AzureBackendConfig.DEFAULT_RETRIES);
    assertThat(mhsm.connections()).isEqualTo(96);
    assertThat(kv.connections()).isEqualTo(AzureBackendConfig.DEFAULT_CONNECTIONS);
    assertThat(config.jwt().claim()).isEqualTo("azp");
    assertThat(config.jwt().grantOf("app-1").permits("orders", Operation.WRAP)).isTrue();
    assertThat(config.jwt().grantOf("app-1").permits("orders", Operation.UNWRAP)).isFalse();
  }

  @Test
  void postgresStore_loads_andItsMistakesAreNamed() throws Exception {
    Files.writeString(dir.resolve("pg.password"), "secret\n");
    Files.writeString(dir.resolve("db-ca.pem"), "-----BEGIN CERTIFICATE-----");
    GatewayConfig config =
        load(
            """
            routing:
              postgres: { url: "postgresql://db.example:6543/keyshift", user: ks, password-file: pg.password,
                          ssl-mode: verify-full, trust-pem: db-ca.pem }
            """);
    PostgresConfig postgres = config.postgres();
    assertThat(postgres.host()).isEqualTo("db.example");
    assertThat(postgres.port()).isEqualTo(6543);
    assertThat(postgres.database()).isEqualTo("keyshift");
    assertThat(postgres.passwordFile()).isEqualTo(dir.resolve("pg.password"));
    assertThat(postgres.trustPem()).isEqualTo(dir.resolve("db-ca.pem"));
    assertThat(config.routingFile()).isNull();
    assertThat(config.auditFile()).as("the audit is in the database").isNull();
    assertThat(
            load("routing: { postgres: { url: \"postgresql://db/ks\", user: ks } }")
                .postgres()
                .sslMode())
        .isEqualTo("prefer");

    assertFails(
        "routing: { file: r.yaml, postgres: { url: \"postgresql://db/ks\", user: ks } }",
        "routing: give either file (one gateway) or postgres (replicas sharing one store)");
    assertFails(
        "routing: { postgres: { url: \"mysql://db/ks\", user: ks } }",
        "routing.postgres.url: must start with postgresql://");
    assertFails(
        "routing: { postgres: { url: \"postgresql://db\", user: ks } }",
        "routing.postgres.url: must name a host and a database, like"
            + " postgresql://db.example:5432/keyshift");
    assertFails(
        "routing: { postgres: { url: \"postgresql://ks:hunter2@db/ks\", user: ks } }",
        "routing.postgres.url: must not carry a user or password: use user and password-file");
    assertFails(
        "routing: { postgres: { url: \"postgresql://db/ks\", user: ks, ssl-mode: strict } }",
        "routing.postgres.ssl-mode: must be one of disable, allow, prefer, require, verify-ca,"
            + " verify-full");
    assertFails(
        "routing: { postgres: { url: \"postgresql://db/ks\" } }",
        "routing.postgres.user: is required");
    assertFails(
        "routing: { postgres: { url: \"postgresql://db/ks\", user: ks, password-file: nope } }",
        "routing.postgres.password-file: cannot read " + dir.resolve("nope"));
    assertFails(
        "routing: { postgres: { url: \"postgresql://db/ks\", user: ks } }\naudit: { file: a.jsonl }",
        "audit: the postgres routing store keeps its audit log in the database: remove audit.file");
  }

  @Test
  void vaultConnections_outOfRange_areNamed() throws Exception {
    assertFails(
        """
        backends:
          kv: { type: azure-keyvault, url: "https://kv.vault.azure.net", credential: { type: default }, connections: 0 }
        routing: { file: routing.yaml }
        """,
        "backends.kv.connections: must be between 1 and 4096");
  }

  @Test
  void unreadableFile_isNamed() {
    Path missing = dir.resolve("missing.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(missing, BackendProviders.types()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(missing + ": (file): cannot be read");
  }

  private GatewayConfig load(String yaml) throws Exception {
    Path file = dir.resolve("keyshift.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(file, BackendProviders.types());
  }

  private void assertFails(String yaml, String message) throws Exception {
    Path file = dir.resolve("keyshift.yaml");
    Files.writeString(file, yaml);
    assertThatThrownBy(() -> ConfigLoader.load(file, BackendProviders.types()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ": " + message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
