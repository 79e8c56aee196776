package dev.keyshift.routing.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.Hierarchy;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.RoutingSnapshot;
import dev.keyshift.routing.VersionState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pins the routing file, a persisted format. */
class RoutingFileTest {
  static final String PINNED =
      """
      aliases:
        orders:
          revision: 7
          lazy-rewrap: true
          legacy: v1
          versions:
            - { id: v1, backend: "old-kv", key: "orders-kek/1bccaeda45514fef89d389838bbab085", algorithm: RSA-OAEP-256, weight: 90, state: enabled }
            - { id: v2, backend: "new-hsm", key: "orders-kek", algorithm: A256KW, weight: 10, state: enabled }
            - { id: v3, backend: "new-hsm", key: "orders \\"quoted\\"", algorithm: A256GCM, weight: 0, state: disabled }
      """;

  static final Set<String> BACKENDS = Set.of("old-kv", "new-hsm", "dev");

  static final RoutingSnapshot SNAPSHOT =
      RoutingSnapshot.of(
          Map.of(
              "orders",
              new Alias(
                  "orders",
                  true,
                  "v1",
                  List.of(
                      new KeyVersion(
                          "v1",
                          "old-kv",
                          "orders-kek/1bccaeda45514fef89d389838bbab085",
                          Algorithm.RSA_OAEP_256,
                          90,
                          VersionState.ENABLED),
                      new KeyVersion(
                          "v2",
                          "new-hsm",
                          "orders-kek",
                          Algorithm.A256KW,
                          10,
                          VersionState.ENABLED),
                      new KeyVersion(
                          "v3",
                          "new-hsm",
                          "orders \"quoted\"",
                          Algorithm.A256GCM,
                          0,
                          VersionState.DISABLED)),
                  7)),
          BACKENDS);

  @Test
  void write_isPinned() {
    assertThat(RoutingFile.write(SNAPSHOT)).isEqualTo(PINNED);
  }

  @Test
  void parse_readsPinnedText() {
    assertThat(RoutingFile.parse(PINNED, BACKENDS)).isEqualTo(SNAPSHOT);
  }

  @Test
  void parse_readsDesignExampleWithDefaults() {
    String design =
        """
        aliases:
          orders:
            versions:
              - { id: v1, backend: dev, key: k1, algorithm: A256KWP, weight: 1 }
        """;
    Alias orders = RoutingFile.parse(design, BACKENDS).requireAlias("orders");
    assertThat(orders.lazyRewrap()).isFalse();
    assertThat(orders.legacy()).isNull();
    assertThat(orders.revision()).isEqualTo(1);
    assertThat(orders.versions().get(0).state()).isEqualTo(VersionState.ENABLED);
  }

  static final String HIERARCHICAL =
      """
      aliases:
        tenants:
          revision: 4
          lazy-rewrap: false
          versions:
            - { id: v1, backend: "new-hsm", key: "kek", algorithm: A256KW, weight: 1, state: enabled, hierarchy: true, master-key-id: mk-1, master-key: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJw", previous-kek: { backend: "old-kv", key: "kek/1", algorithm: RSA-OAEP-256, master-key: "KCkqKywtLi8w" } }
            - { id: v2, backend: "dev", key: "kek-2", algorithm: A256GCM, weight: 0, state: enabled, hierarchy: true }
      """;

  @Test
  void hierarchicalVersions_roundTripPinned() {
    RoutingSnapshot parsed = RoutingFile.parse(HIERARCHICAL, BACKENDS);
    KeyVersion v1 = parsed.requireAlias("tenants").version("v1").orElseThrow();
    assertThat(v1.hierarchy().masterKeyId()).isEqualTo("mk-1");
    assertThat(v1.hierarchy().wrappedBytes()).hasSize(40);
    assertThat(v1.hierarchy().previous())
        .isEqualTo(
            new Hierarchy.PreviousKek("old-kv", "kek/1", Algorithm.RSA_OAEP_256, "KCkqKywtLi8w"));
    KeyVersion v2 = parsed.requireAlias("tenants").version("v2").orElseThrow();
    assertThat(v2.hierarchy()).isEqualTo(Hierarchy.PENDING);
    assertThat(RoutingFile.write(parsed)).isEqualTo(HIERARCHICAL);
  }

  @Test
  void hierarchyMistakes_nameTheField() {
    assertFails(
        "aliases: { a: { versions: [ { id: v1, backend: dev, key: k, algorithm: A256KW, weight: 1,"
            + " master-key: \"AAAA\" } ] } }",
        "aliases.a.versions[0].master-key: belongs to a hierarchical version only (hierarchy: true)");
    assertFails(
        "aliases: { a: { versions: [ { id: v1, backend: dev, key: k, algorithm: A256KW, weight: 1,"
            + " hierarchy: true, master-key: \"AAAA\" } ] } }",
        "aliases.a.versions[0].master-key: a hierarchical version has both a master-key-id and a"
            + " master-key, or neither yet");
  }

  @Test
  void emptyFile_hasNoAliases() {
    assertThat(RoutingFile.parse("", BACKENDS).aliases()).isEmpty();
  }

  @Test
  void shapeErrors_nameTheField() {
    assertFails("aliases: []", "aliases: must be a mapping");
    assertFails("alias: {}", "alias: unknown field (expected one of [aliases])");
    assertFails(
        "aliases: { orders: { versions: [ { id: v1, backend: b, key: k, algorithm: AES, weight: 1 } ] } }",
        "aliases.orders.versions[0].algorithm: unknown algorithm \"AES\" (known: A256KW, A256KWP, A256GCM, RSA-OAEP-256, RSA-OAEP)");
    assertFails(
        "aliases: { orders: { versions: [ { id: v1, backend: b, key: k, algorithm: A256KW, weight: x } ] } }",
        "aliases.orders.versions[0].weight: must be a whole number");
    assertFails(
        "aliases: { orders: { versions: [ { id: v1, backend: b, algorithm: A256KW, weight: 1 } ] } }",
        "aliases.orders.versions[0].key: is required");
    assertFails(
        "aliases: { orders: { lazy_rewrap: true } }",
        "aliases.orders.lazy_rewrap: unknown field (expected one of [lazy-rewrap, legacy, plan, revision, versions])");
    assertFails("aliases: { orders: [", "(syntax): not valid YAML at line 1");
  }

  private static void assertFails(String yaml, String message) {
    assertThatThrownBy(() -> RoutingFile.parse(yaml, BACKENDS))
        .isInstanceOf(FileFormatException.class)
        .hasMessage(message);
  }
}
