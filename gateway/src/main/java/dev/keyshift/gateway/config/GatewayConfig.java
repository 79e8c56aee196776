package dev.keyshift.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deploy-time configuration ({@code keyshift.yaml}), with every path absolute.
 *
 * @param server the data-plane listener
 * @param admin the control-plane listener
 * @param shutdownGrace how long in-flight requests may take to finish on shutdown
 * @param tokens bearer tokens
 * @param backends backends by name, in file order
 * @param routingFile the file routing store, or null with {@code postgres}
 * @param auditFile the file store's audit log of routing changes (JSON Lines), or null with {@code
 *     postgres}
 * @param azureChallenge the 401 challenge of the Azure-compatible surface
 * @param jwt JWT bearer tokens, or null when only static tokens are accepted
 * @param connections what each listener allows a client connection
 * @param vertxMeters whether Vert.x publishes its own meters ({@code vertx_http_server_*} and
 *     others) beside keyshift's; {@code metrics.vertx}, default false
 * @param postgres the shared PostgreSQL routing store, or null for the file store
 * @param kmsPlugin the Kubernetes KMS v2 plugin to serve, or null
 */
public record GatewayConfig(
    Listener server,
    Listener admin,
    Duration shutdownGrace,
    List<TokenRule> tokens,
    Map<String, BackendConfig> backends,
    Path routingFile,
    Path auditFile,
    AzureChallenge azureChallenge,
    JwtConfig jwt,
    ConnectionLimits connections,
    boolean vertxMeters,
    PostgresConfig postgres,
    KmsPluginConfig kmsPlugin) {

  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(20);

  public GatewayConfig {
    tokens = List.copyOf(tokens);
    backends = Collections.unmodifiableMap(new LinkedHashMap<>(backends));
  }

  /** A backend's resilience settings. */
  public ResilienceConfig resilienceOf(String backend) {
    BackendConfig config = backends.get(backend);
    return config == null || config.resilience() == null
        ? ResilienceConfig.DEFAULT
        : config.resilience();
  }

  /** The same configuration on other ports: tests use 0, a free port each. */
  public GatewayConfig withPortsForTesting(int dataPort, int adminPort) {
    return new GatewayConfig(
        server.withPort(dataPort),
        admin.withPort(adminPort),
        shutdownGrace,
        tokens,
        backends,
        routingFile,
        auditFile,
        azureChallenge,
        jwt,
        connections,
        vertxMeters,
        postgres,
        kmsPlugin);
  }
}
