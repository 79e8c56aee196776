package dev.keyshift.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keyshift.gateway.auth.TokenRule;
import dev.keyshift.gateway.keys.Operation;
import dev.keyshift.routing.Ids;
import dev.keyshift.routing.file.FileFormatException;
import dev.keyshift.routing.file.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code keyshift.yaml}. Relative paths resolve against the file's folder. Unknown fields are
 * errors, so a typo never silently changes behaviour.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP =
      Set.of("server", "admin", "auth", "backends", "routing", "audit", "metrics");

  /** The audit log's name beside the routing file, unless {@code audit.file} says otherwise. */
  public static final String DEFAULT_AUDIT_FILE = "audit.jsonl";

  private final Path folder;

  private ConfigLoader(Path folder) {
    this.folder = folder;
  }

  /**
   * @throws ConfigException naming file, field and problem
   */
  public static GatewayConfig load(Path file) {
    String text = readText(file);
    try {
      Path folder = file.toAbsolutePath().getParent();
      return new ConfigLoader(folder).parse(Node.root(YAML.readTree(text)));
    } catch (FileFormatException e) {
      throw new ConfigException(file.toString(), e.field(), e.problem());
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          file.toString(), "(syntax)", "not valid YAML at line " + e.getLocation().getLineNr());
    }
  }

  /**
   * The text of a configuration file (blocking I/O).
   *
   * @throws ConfigException naming the file when it cannot be read
   */
  public static String readText(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "(file)", "cannot be read (" + e + ")");
    }
  }

  private GatewayConfig parse(Node root) {
    root.allowOnly(TOP);
    section(root, "server", Set.of("host", "port", "shutdown-grace", "tls", "azure-challenge"));
    section(root, "admin", Set.of("host", "port"));
    section(root, "auth", Set.of("tokens", "jwt"));
    section(root, "routing", Set.of("file"));
    section(root, "audit", Set.of("file"));
    section(root, "metrics", Set.of("vertx"));
    Node server = root.child("server");
    if (!root.has("routing")) {
      throw root.child("routing").fail("is required (routing: { file: routing.yaml })");
    }
    Path routingFile = path(root.child("routing"), "file");
    return new GatewayConfig(
        new Listener(
            server.string("host", Listener.DEFAULT_HOST),
            server.integer("port", 0, 65535, Listener.DEFAULT_DATA_PORT),
            server.has("tls") ? tls(server.child("tls")) : null),
        listener(root.child("admin"), Listener.DEFAULT_ADMIN_PORT),
        Duration.ofSeconds(
            server.integer(
                "shutdown-grace", 0, 3600, (int) GatewayConfig.DEFAULT_SHUTDOWN_GRACE.toSeconds())),
        tokens(root.child("auth")),
        backends(root),
        routingFile,
        root.has("audit")
            ? path(root.child("audit"), "file")
            : routingFile.resolveSibling(DEFAULT_AUDIT_FILE),
        challenge(server),
        root.child("auth").has("jwt") ? jwt(root.child("auth").child("jwt")) : null,
        resilienceByBackend(root),
        !root.has("metrics") || root.child("metrics").bool("vertx", true));
  }

  private static void section(Node root, String name, Set<String> fields) {
    if (root.has(name)) {
      root.child(name).allowOnly(fields);
    }
  }

  private static Listener listener(Node node, int defaultPort) {
    return new Listener(
        node.string("host", Listener.DEFAULT_HOST), node.integer("port", 0, 65535, defaultPort));
  }

  private JwtConfig jwt(Node node) {
    node.allowOnly(
        Set.of("issuer", "audience", "jwks-url", "public-keys", "trust-pem", "claim", "grants"));
    if (node.has("jwks-url") == node.has("public-keys")) {
      throw node.fail("give either jwks-url or public-keys");
    }
    List<Path> keys = new ArrayList<>();
    for (Node key : node.list("public-keys")) {
      Path path = folder.resolve(key.text()).normalize();
      if (!Files.isReadable(path)) {
        throw key.fail("cannot read " + path);
      }
      keys.add(path);
    }
    Map<String, TokenRule> grants = new LinkedHashMap<>();
    for (Node grant : node.list("grants")) {
      grant.allowOnly(Set.of("value", "name", "aliases", "operations"));
      Set<String> aliases = Set.copyOf(grant.strings("aliases"));
      if (aliases.isEmpty()) {
        throw grant.child("aliases").fail("is required ([\"*\"] for every alias)");
      }
      grants.put(
          grant.string("value"),
          new TokenRule(
              grant.string("name", grant.string("value")),
              new byte[0],
              aliases,
              operations(grant),
              false));
    }
    String jwks = node.string("jwks-url", null);
    if (jwks != null && !jwks.startsWith("https://")) {
      throw node.child("jwks-url").fail("must be an https URL");
    }
    return new JwtConfig(
        node.string("issuer"),
        node.string("audience"),
        jwks == null ? null : java.net.URI.create(jwks),
        keys,
        node.has("trust-pem") ? existing(node, "trust-pem") : null,
        node.string("claim", "azp"),
        grants);
  }

  private static AzureChallenge challenge(Node server) {
    if (!server.has("azure-challenge")) {
      return AzureChallenge.DEFAULT;
    }
    Node node = server.child("azure-challenge").allowOnly(Set.of("authorization", "resource"));
    String authorization = node.string("authorization", AzureChallenge.DEFAULT.authorization());
    if (!authorization.matches("https://[^/]+/[^/]+.*")) {
      throw node.child("authorization")
          .fail(
              "must be an https URL with a tenant path segment, e.g. https://login.microsoftonline.com/{tenant}");
    }
    return new AzureChallenge(
        authorization, node.string("resource", AzureChallenge.DEFAULT.resource()));
  }

  private TlsConfig tls(Node node) {
    node.allowOnly(Set.of("cert", "key", "pkcs12", "password-file", "client-ca", "client-auth"));
    boolean pem = node.has("cert") || node.has("key");
    if (pem == node.has("pkcs12")) {
      throw node.fail("give either cert and key (PEM) or pkcs12 and password-file");
    }
    String clientAuth = node.string("client-auth", "required");
    if (!clientAuth.equals("required") && !clientAuth.equals("requested")) {
      throw node.child("client-auth").fail("must be required or requested");
    }
    return new TlsConfig(
        pem ? existing(node, "cert") : null,
        pem ? existing(node, "key") : null,
        pem ? null : existing(node, "pkcs12"),
        pem ? null : existing(node, "password-file"),
        node.has("client-ca") ? existing(node, "client-ca") : null,
        clientAuth.equals("required"));
  }

  private Path existing(Node node, String field) {
    Path path = path(node, field);
    if (!Files.isReadable(path)) {
      throw node.child(field).fail("cannot read " + path);
    }
    return path;
  }

  private static List<TokenRule> tokens(Node auth) {
    List<TokenRule> tokens = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    for (Node node : auth.list("tokens")) {
      TokenRule rule = token(node);
      if (!names.add(rule.name())) {
        throw node.child("name").fail("token name '" + rule.name() + "' is used twice");
      }
      if (!hashes.add(HexFormat.of().formatHex(rule.sha256()))) {
        throw node.child("sha256").fail("the same token is configured twice");
      }
      tokens.add(rule);
    }
    return tokens;
  }

  private static TokenRule token(Node node) {
    node.allowOnly(Set.of("name", "sha256", "aliases", "operations", "admin"));
    String hex = node.string("sha256");
    if (!hex.matches("[0-9a-fA-F]{64}")) {
      throw node.child("sha256").fail("must be 64 hex digits (the SHA-256 of the token)");
    }
    boolean admin = node.bool("admin", false);
    Set<String> aliases = Set.copyOf(node.strings("aliases"));
    if (!admin && aliases.isEmpty()) {
      throw node.child("aliases").fail("is required for a client token ([\"*\"] for every alias)");
    }
    return new TokenRule(
        node.string("name"), HexFormat.of().parseHex(hex), aliases, operations(node), admin);
  }

  private static Set<Operation> operations(Node node) {
    if (!node.has("operations")) {
      return EnumSet.allOf(Operation.class);
    }
    Set<Operation> operations = EnumSet.noneOf(Operation.class);
    for (Node item : node.list("operations")) {
      String name = item.text();
      operations.add(
          Operation.fromWireName(name)
              .orElseThrow(
                  () ->
                      item.fail(
                          "unknown operation '" + name + "' (wrap, unwrap, rewrap, datakey)")));
    }
    return operations;
  }

  private Map<String, BackendConfig> backends(Node root) {
    Map<String, BackendConfig> backends = new LinkedHashMap<>();
    root.mapping("backends").forEach((name, node) -> backends.put(name, backend(name, node)));
    return backends;
  }

  private BackendConfig backend(String name, Node node) {
    if (!Ids.isValid(name)) {
      throw node.fail("backend names must match [a-z0-9][a-z0-9_-]{0,62}");
    }
    String type = node.string("type");
    if (type.equals("azure-keyvault") || type.equals("azure-managedhsm")) {
      return azureBackend(name, type, node);
    }
    if (type.equals("pkcs11")) {
      return pkcs11Backend(name, node);
    }
    if (!type.equals("local")) {
      throw node.child("type")
          .fail(
              "backend type '"
                  + type
                  + "' is not available in this build (available: local, pkcs11, azure-keyvault, azure-managedhsm)");
    }
    node.allowOnly(
        Set.of("type", "keystore", "password-file", "create-missing-keys", "resilience"));
    return new LocalBackendConfig(
        name,
        path(node, "keystore"),
        path(node, "password-file"),
        node.bool("create-missing-keys", false));
  }

  private static Map<String, ResilienceConfig> resilienceByBackend(Node root) {
    Map<String, ResilienceConfig> settings = new LinkedHashMap<>();
    root.mapping("backends")
        .forEach(
            (name, node) -> {
              if (node.has("resilience")) {
                settings.put(name, resilienceOf(node.child("resilience")));
              }
            });
    return settings;
  }

  private static ResilienceConfig resilienceOf(Node node) {
    node.allowOnly(
        Set.of("max-concurrent", "rate-limit", "failure-rate", "minimum-calls", "open-seconds"));
    ResilienceConfig d = ResilienceConfig.DEFAULT;
    int permits = 0;
    java.time.Duration period = d.ratePeriod();
    if (node.has("rate-limit")) {
      java.util.regex.Matcher limit =
          java.util.regex.Pattern.compile("(\\d+)/(\\d*)(ms|s|m)")
              .matcher(node.string("rate-limit"));
      if (!limit.matches() || Integer.parseInt(limit.group(1)) == 0) {
        throw node.child("rate-limit")
            .fail("must read like 2000/10s (calls per period; ms, s or m)");
      }
      permits = Integer.parseInt(limit.group(1));
      long amount = limit.group(2).isEmpty() ? 1 : Long.parseLong(limit.group(2));
      period =
          switch (limit.group(3)) {
            case "ms" -> java.time.Duration.ofMillis(amount);
            case "s" -> java.time.Duration.ofSeconds(amount);
            default -> java.time.Duration.ofMinutes(amount);
          };
    }
    return new ResilienceConfig(
        node.integer("max-concurrent", 1, 100_000, d.maxConcurrent()),
        permits,
        period,
        node.integer("failure-rate", 1, 100, d.failureRatePercent()),
        node.integer("minimum-calls", 1, 10_000, d.minimumCalls()),
        java.time.Duration.ofSeconds(
            node.integer("open-seconds", 1, 3600, (int) d.openDuration().toSeconds())));
  }

  private BackendConfig pkcs11Backend(String name, Node node) {
    node.allowOnly(
        Set.of(
            "type",
            "library",
            "token-label",
            "slot",
            "pin-file",
            "create-missing-keys",
            "resilience"));
    if (node.has("token-label") == node.has("slot")) {
      throw node.fail("give either token-label or slot");
    }
    return new Pkcs11BackendConfig(
        name,
        existing(node, "library"),
        node.string("token-label", null),
        node.has("slot") ? (long) node.integer("slot", 0, Integer.MAX_VALUE) : null,
        existing(node, "pin-file"),
        node.bool("create-missing-keys", false));
  }

  private BackendConfig azureBackend(String name, String type, Node node) {
    node.allowOnly(
        Set.of("type", "url", "credential", "trust-pem", "timeout", "retries", "resilience"));
    String url = node.string("url");
    if (!url.startsWith("https://")) {
      throw node.child("url")
          .fail("must be an https URL (the Azure SDK sends tokens only over TLS)");
    }
    return new AzureBackendConfig(
        name,
        type.equals("azure-managedhsm"),
        java.net.URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url),
        credential(node.child("credential")),
        node.has("trust-pem") ? existing(node, "trust-pem") : null,
        java.time.Duration.ofSeconds(
            node.integer("timeout", 1, 300, (int) AzureBackendConfig.DEFAULT_TIMEOUT.toSeconds())),
        node.integer("retries", 0, 10, AzureBackendConfig.DEFAULT_RETRIES));
  }

  private CredentialConfig credential(Node node) {
    String type = node.string("type");
    Set<String> fields =
        switch (type) {
          case "default" -> Set.of("type");
          case "managed-identity" -> Set.of("type", "client-id");
          case "workload-identity" -> Set.of("type", "tenant-id", "client-id", "path");
          case "client-secret" -> Set.of("type", "tenant-id", "client-id", "secret-file");
          case "client-certificate" -> Set.of("type", "tenant-id", "client-id", "certificate");
          case "token-file" -> Set.of("type", "path");
          default ->
              throw node.child("type")
                  .fail(
                      "unknown credential type '"
                          + type
                          + "' (default, managed-identity, workload-identity, client-secret, client-certificate, token-file)");
        };
    node.allowOnly(fields);
    boolean needsApp = type.equals("client-secret") || type.equals("client-certificate");
    return new CredentialConfig(
        type,
        needsApp ? node.string("tenant-id") : node.string("tenant-id", null),
        needsApp ? node.string("client-id") : node.string("client-id", null),
        type.equals("client-secret") ? existing(node, "secret-file") : null,
        type.equals("client-certificate") ? existing(node, "certificate") : null,
        type.equals("token-file") || node.has("path") ? path(node, "path") : null);
  }

  private Path path(Node node, String field) {
    return folder.resolve(node.string(field)).normalize();
  }
}
