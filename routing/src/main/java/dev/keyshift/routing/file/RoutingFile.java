package dev.keyshift.routing.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.RoutingSnapshot;
import dev.keyshift.routing.VersionState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routing file ({@code routing.yaml}): a persisted format, pinned by known-answer tests.
 *
 * <pre>
 * aliases:
 *   orders:
 *     revision: 3                # optional, default 1; bumped by every change
 *     lazy-rewrap: true          # optional, default false
 *     legacy: v1                 # optional: the version raw (non-envelope) blobs belong to
 *     versions:                  # oldest first
 *       - { id: v1, backend: old-kv, key: "orders-kek/1", algorithm: RSA-OAEP-256, weight: 90 }
 *       - { id: v2, backend: hsm, key: "orders-kek", algorithm: A256KW, weight: 10, state: enabled }
 * </pre>
 *
 * Parsing checks shape only; {@link RoutingSnapshot#validate} checks the invariants.
 */
public final class RoutingFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> ALIAS_FIELDS =
      Set.of("revision", "lazy-rewrap", "legacy", "versions");
  private static final Set<String> VERSION_FIELDS =
      Set.of("id", "backend", "key", "algorithm", "weight", "state");

  private RoutingFile() {}

  /**
   * @throws FileFormatException naming the field when the text is not a routing file
   */
  public static RoutingSnapshot parse(String yaml) {
    Node root;
    try {
      root = Node.root(YAML.readTree(yaml));
    } catch (JsonProcessingException e) {
      throw new FileFormatException(
          "(syntax)", "not valid YAML at line " + e.getLocation().getLineNr());
    }
    root.allowOnly(Set.of("aliases"));
    Map<String, Alias> aliases = new LinkedHashMap<>();
    root.mapping("aliases").forEach((name, node) -> aliases.put(name, alias(name, node)));
    return RoutingSnapshot.of(aliases);
  }

  /** The file text for a snapshot: stable field order, one line per version. */
  public static String write(RoutingSnapshot snapshot) {
    StringBuilder out = new StringBuilder("aliases:\n");
    snapshot.aliases().values().forEach(alias -> writeAlias(alias, out));
    return out.toString();
  }

  private static Alias alias(String name, Node node) {
    node.allowOnly(ALIAS_FIELDS);
    List<KeyVersion> versions = new ArrayList<>();
    for (Node version : node.list("versions")) {
      versions.add(version(version));
    }
    String legacy = node.string("legacy", null);
    long revision = node.integer("revision", 1, Integer.MAX_VALUE, (int) Alias.FIRST_REVISION);
    return new Alias(name, node.bool("lazy-rewrap", false), legacy, versions, revision);
  }

  private static KeyVersion version(Node node) {
    node.allowOnly(VERSION_FIELDS);
    String algorithm = node.string("algorithm");
    String state = node.string("state", VersionState.ENABLED.wireName());
    return new KeyVersion(
        node.string("id"),
        node.string("backend"),
        node.string("key"),
        Algorithm.fromWireName(algorithm)
            .orElseThrow(() -> node.child("algorithm").fail(unknown("algorithm", algorithm))),
        node.integer("weight", Integer.MIN_VALUE, Integer.MAX_VALUE),
        VersionState.fromWireName(state)
            .orElseThrow(() -> node.child("state").fail("must be enabled or disabled")));
  }

  private static String unknown(String what, String value) {
    List<String> known = new ArrayList<>();
    for (Algorithm algorithm : Algorithm.values()) {
      known.add(algorithm.wireName());
    }
    return "unknown " + what + " " + quote(value) + " (known: " + String.join(", ", known) + ")";
  }

  private static void writeAlias(Alias alias, StringBuilder out) {
    out.append("  ").append(alias.name()).append(":\n");
    out.append("    revision: ").append(alias.revision()).append('\n');
    out.append("    lazy-rewrap: ").append(alias.lazyRewrap()).append('\n');
    if (alias.legacy() != null) {
      out.append("    legacy: ").append(alias.legacy()).append('\n');
    }
    out.append("    versions:\n");
    for (KeyVersion v : alias.versions()) {
      out.append("      - { id: ").append(v.id());
      out.append(", backend: ").append(quote(v.backend()));
      out.append(", key: ").append(quote(v.key()));
      out.append(", algorithm: ").append(v.algorithm().wireName());
      out.append(", weight: ").append(v.weight());
      out.append(", state: ").append(v.state().wireName()).append(" }\n");
    }
  }

  /** A JSON string literal, which YAML reads as the same double-quoted scalar. */
  private static String quote(String value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string always serializes", e);
    }
  }
}
