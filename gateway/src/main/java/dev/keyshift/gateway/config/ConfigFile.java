package dev.keyshift.gateway.config;

import dev.keyshift.routing.file.FieldProblem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code keyshift.yaml} as written, section by section; {@link #toGatewayConfig} gives the shape
 * the gateway runs on. Absent sections and fields take their defaults.
 */
record ConfigFile(
    Server server,
    Admin admin,
    Auth auth,
    Map<String, BackendConfig> backends,
    Routing routing,
    Audit audit,
    Metrics metrics,
    KmsPluginConfig kmsPlugin) {

  ConfigFile {
    server = server == null ? new Server(null, null, null, null, null, null, null, null) : server;
    admin = admin == null ? new Admin(null, null) : admin;
    auth = auth == null ? new Auth(null, null) : auth;
    backends = backends == null ? Map.of() : backends;
    FieldProblem.check(routing != null, "routing", "is required (routing: { file: routing.yaml })");
    FieldProblem.check(
        audit == null || routing.file() != null,
        "audit",
        "the postgres routing store keeps its audit log in the database: remove audit.file");
    backends.forEach(
        (name, backend) -> {
          FieldProblem.check(
              dev.keyshift.routing.Ids.isValid(name),
              "backends." + name,
              "backend names must match [a-z0-9][a-z0-9_-]{0,62}");
          FieldProblem.check(backend != null, "backends." + name, "must be a mapping");
        });
  }

  GatewayConfig toGatewayConfig() {
    return new GatewayConfig(
        new Listener(server.host(), server.port(), server.tls()),
        new Listener(admin.host(), admin.port()),
        server.shutdownGraceDuration(),
        auth.tokens(),
        backends,
        routing.file(),
        auditFile(),
        server.azureChallenge(),
        auth.jwt(),
        server.connectionLimits(),
        metrics != null && metrics.vertx(),
        routing.postgres(),
        kmsPlugin);
  }

  /** The file store's audit log; the PostgreSQL store keeps its audit in the database. */
  private Path auditFile() {
    if (routing.file() == null) {
      return null;
    }
    return audit == null
        ? routing.file().resolveSibling(ConfigLoader.DEFAULT_AUDIT_FILE)
        : audit.file();
  }

  /** {@code server}: the data-plane listener and what only the data plane has. */
  record Server(
      String host,
      Integer port,
      Integer shutdownGrace,
      TlsConfig tls,
      AzureChallenge azureChallenge,
      Integer maxConnections,
      Integer headerTimeout,
      Integer idleTimeout) {
    Server {
      ConnectionLimits d = ConnectionLimits.DEFAULT;
      maxConnections =
          FieldProblem.optionalInt(
              maxConnections, "max-connections", 1, 1_000_000, d.maxConnections());
      headerTimeout =
          FieldProblem.optionalInt(
              headerTimeout, "header-timeout", 1, 3600, (int) d.headerTimeout().toSeconds());
      idleTimeout =
          FieldProblem.optionalInt(
              idleTimeout, "idle-timeout", 1, 86_400, (int) d.idleTimeout().toSeconds());
      host = host == null ? Listener.DEFAULT_HOST : FieldProblem.requiredText(host, "host");
      port = FieldProblem.optionalInt(port, "port", 0, 65535, Listener.DEFAULT_DATA_PORT);
      shutdownGrace =
          FieldProblem.optionalInt(
              shutdownGrace,
              "shutdown-grace",
              0,
              3600,
              (int) GatewayConfig.DEFAULT_SHUTDOWN_GRACE.toSeconds());
      azureChallenge = azureChallenge == null ? AzureChallenge.DEFAULT : azureChallenge;
    }

    ConnectionLimits connectionLimits() {
      return new ConnectionLimits(
          maxConnections, Duration.ofSeconds(headerTimeout), Duration.ofSeconds(idleTimeout));
    }

    Duration shutdownGraceDuration() {
      return Duration.ofSeconds(shutdownGrace);
    }
  }

  /** {@code admin}: the control-plane listener. */
  record Admin(String host, Integer port) {
    Admin {
      host = host == null ? Listener.DEFAULT_HOST : FieldProblem.requiredText(host, "host");
      port = FieldProblem.optionalInt(port, "port", 0, 65535, Listener.DEFAULT_ADMIN_PORT);
    }
  }

  /** {@code auth}: static tokens, each configured once, and JWTs. */
  record Auth(List<TokenRule> tokens, JwtConfig jwt) {
    Auth {
      tokens = tokens == null ? List.of() : List.copyOf(tokens);
      Set<String> names = new HashSet<>();
      Set<String> hashes = new HashSet<>();
      for (int i = 0; i < tokens.size(); i++) {
        TokenRule token = tokens.get(i);
        FieldProblem.check(
            names.add(token.name()),
            "tokens[" + i + "].name",
            "token name '" + token.name() + "' is used twice");
        FieldProblem.check(
            hashes.add(HexFormat.of().formatHex(token.sha256())),
            "tokens[" + i + "].sha256",
            "the same token is configured twice");
      }
    }
  }

  /** {@code routing}: where the routing store is: a file, or a PostgreSQL database. */
  record Routing(Path file, PostgresConfig postgres) {
    Routing {
      FieldProblem.check(
          (file == null) != (postgres == null),
          "",
          "give either file (one gateway) or postgres (replicas sharing one store)");
    }
  }

  /** {@code audit}: where the audit log is. */
  record Audit(Path file) {
    Audit {
      FieldProblem.required(file, "file");
    }
  }

  /** {@code metrics}: {@code vertx: true} adds Vert.x's own meters (default off). */
  record Metrics(Boolean vertx) {
    Metrics {
      vertx = vertx != null && vertx;
    }
  }
}
