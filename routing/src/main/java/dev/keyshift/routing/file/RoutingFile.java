package dev.keyshift.routing.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
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
 * Parsing checks the shape ({@link FileFormatException}) and the routing invariants ({@link
 * dev.keyshift.routing.InvalidRoutingException}).
 */
public final class RoutingFile {
  private static final ObjectReader READER = YamlBinding.mapper().readerFor(Document.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private RoutingFile() {}

  /** The file as written. */
  record Document(Map<String, AliasEntry> aliases) {
    Document {
      aliases = aliases == null ? Map.of() : aliases;
      aliases.forEach(
          (name, alias) ->
              FieldProblem.check(alias != null, "aliases." + name, "must be a mapping"));
    }
  }

  /** One alias as written; absent fields take their defaults. */
  record AliasEntry(
      Integer revision, Boolean lazyRewrap, String legacy, List<VersionEntry> versions) {
    AliasEntry {
      FieldProblem.optionalInt(revision, "revision", 1, Integer.MAX_VALUE, 1);
      FieldProblem.optionalText(legacy, "legacy");
      versions = versions == null ? List.of() : versions;
    }

    Alias toAlias(String name) {
      List<KeyVersion> keyVersions = new ArrayList<>();
      versions.forEach(version -> keyVersions.add(version.toVersion()));
      return new Alias(
          name,
          Boolean.TRUE.equals(lazyRewrap),
          legacy,
          keyVersions,
          revision == null ? Alias.FIRST_REVISION : revision);
    }
  }

  /** One version as written; {@code state} defaults to enabled. */
  record VersionEntry(
      String id,
      String backend,
      String key,
      Algorithm algorithm,
      Integer weight,
      VersionState state) {
    VersionEntry {
      FieldProblem.required(algorithm, "algorithm");
      FieldProblem.requiredText(id, "id");
      FieldProblem.requiredText(backend, "backend");
      FieldProblem.requiredText(key, "key");
      FieldProblem.required(weight, "weight");
    }

    KeyVersion toVersion() {
      return new KeyVersion(
          id, backend, key, algorithm, weight, state == null ? VersionState.ENABLED : state);
    }
  }

  /**
   * The routing a file holds, validated whole.
   *
   * @param backends names of the configured backends
   * @throws FileFormatException naming the field when the text is not a routing file
   * @throws dev.keyshift.routing.InvalidRoutingException naming the broken invariant
   */
  public static RoutingSnapshot parse(String yaml, Set<String> backends) {
    Document document = YamlBinding.bind(READER, yaml, Map.of());
    Map<String, Alias> aliases = new LinkedHashMap<>();
    document.aliases().forEach((name, entry) -> aliases.put(name, entry.toAlias(name)));
    return RoutingSnapshot.of(aliases, backends);
  }

  /** The file text for a snapshot: stable field order, one line per version. */
  public static String write(RoutingSnapshot snapshot) {
    StringBuilder out = new StringBuilder("aliases:\n");
    snapshot.aliases().values().forEach(alias -> writeAlias(alias, out));
    return out.toString();
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
