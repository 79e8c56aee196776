package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.routing.Envelope;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hierarchical versions on a local KEK: master keys generated and stored wrapped, blobs sealed and
 * data keys derived under them with a context, the KEK moved without touching a blob, and what is
 * refused.
 */
@ExtendWith(VertxExtension.class)
class HierarchyTest {
  static final String ROUTING =
      """
      aliases:
        orders:
          lazy-rewrap: true
          legacy: v1
          versions:
            - { id: v1, backend: local, key: orders-v1, algorithm: A256KWP, weight: 100 }
        declared:
          versions:
            - { id: v1, backend: local, key: declared-kek, algorithm: A256KW, weight: 1, hierarchy: true }
      """;

  static final byte[] DEK = "a 32-byte data encryption key!!!".getBytes(StandardCharsets.US_ASCII);

  @Test
  void aHierarchicalVersion_sealsAndDerivesUnderItsMasterKey_bindsContext_acrossRestart(
      Vertx vertx, @TempDir Path dir) throws Exception {
    TestGateway gw = TestGateway.start(vertx, dir, ROUTING);
    JsonObject added = addHierarchical(gw, "v2", "orders-kek-2", "A256KW");
    JsonObject hierarchy =
        added.getJsonArray("versions").getJsonObject(1).getJsonObject("hierarchy");
    assertThat(hierarchy.getString("masterKeyId")).startsWith("mk-");
    assertThat(hierarchy.getString("masterKey")).isNotBlank();
    assertThat(Files.readString(dir.resolve("routing.yaml")))
        .contains("hierarchy: true, master-key-id: " + hierarchy.getString("masterKeyId"));
    setWeights(gw, 0, 100);

    String sealed = wrap(gw, DEK, "tenant-7");
    assertThat(sealed).startsWith("ks1:orders:v2:");
    assertThat(Envelope.parse(sealed).payload()[0]).isEqualTo((byte) 0x01);
    assertThat(unwrap(gw, sealed, "tenant-7")).isEqualTo(DEK);
    assertInvalid(gw, sealed, "tenant-8");
    assertInvalid(gw, sealed, null);

    Response dataKey =
        gw.post(
            "/v1/keys/orders/datakey",
            TestGateway.ALL_TOKEN,
            new JsonObject().put("bytes", 48).put("context", "tenant-7").encode());
    assertThat(dataKey.status()).as(dataKey.body()).isEqualTo(200);
    String derived = dataKey.json().getString("ciphertext");
    byte[] derivedKey = TestGateway.unb64(dataKey.json().getString("plaintext"));
    assertThat(derivedKey).hasSize(48);
    assertThat(Envelope.parse(derived).payload()).hasSize(51);
    assertThat(unwrap(gw, derived, "tenant-7")).isEqualTo(derivedKey);
    assertInvalid(gw, derived, "tenant-8");

    assertThat(gw.get(gw.admin("/metrics")).body())
        .contains("keyshift_master_keys_loaded{alias=\"orders\",version=\"v2\"} 1.0");
    gw.close();

    TestGateway again = TestGateway.startWithoutWritingRouting(vertx, dir);
    try {
      assertThat(unwrap(again, sealed, "tenant-7")).isEqualTo(DEK);
      assertThat(unwrap(again, derived, "tenant-7")).isEqualTo(derivedKey);
    } finally {
      again.close();
    }
  }

  @Test
  void aLegacyBlobReadWithAContext_movesToTheHierarchicalVersionBoundToIt(
      Vertx vertx, @TempDir Path dir) throws Exception {
    TestGateway gw = TestGateway.start(vertx, dir, ROUTING);
    try {
      String legacy = TestGateway.b64(gw.rawKwpWrap("orders-v1", DEK));
      String v1 = gw.wrap("orders", DEK, null).getString("ciphertext");
      addHierarchical(gw, "v2", "orders-kek-2", "A256GCM");
      setWeights(gw, 0, 100);

      JsonObject lazy = unwrapJson(gw, legacy, "tenant-7");
      assertThat(lazy.getString("rewrappedKeyVersion")).isEqualTo("v2");
      String moved = lazy.getString("rewrappedCiphertext");
      assertThat(unwrap(gw, moved, "tenant-7")).isEqualTo(DEK);
      assertInvalid(gw, moved, "tenant-8");

      Response rewrapped =
          gw.post(
              "/v1/keys/orders/rewrap",
              TestGateway.ALL_TOKEN,
              new JsonObject().put("ciphertext", v1).put("context", "tenant-9").encode());
      assertThat(rewrapped.status()).as(rewrapped.body()).isEqualTo(200);
      String explicit = rewrapped.json().getString("ciphertext");
      assertThat(explicit).startsWith("ks1:orders:v2:");
      assertThat(unwrap(gw, explicit, "tenant-9")).isEqualTo(DEK);
      assertInvalid(gw, explicit, null);
    } finally {
      gw.close();
    }
  }

  @Test
  void aContext_isRefusedWhereAVersionTakingWrapsCannotBindIt_andWhenMalformed(
      Vertx vertx, @TempDir Path dir) throws Exception {
    TestGateway gw = TestGateway.start(vertx, dir, ROUTING);
    try {
      Response plain = wrapResponse(gw, "orders", DEK, "tenant-7");
      assertThat(plain.status()).isEqualTo(400);
      assertThat(plain.errorMessage())
          .isEqualTo(
              "alias orders: a context is bound only by hierarchical versions, and version v1"
                  + " takes wraps without one");
      assertThat(wrapResponse(gw, "declared", DEK, "").errorMessage())
          .isEqualTo("field 'context' must be 1 to 256 characters");
      assertThat(wrapResponse(gw, "declared", DEK, "x".repeat(257)).status()).isEqualTo(400);
      assertThat(wrapResponse(gw, "declared", DEK, "x".repeat(256)).status()).isEqualTo(200);
    } finally {
      gw.close();
    }
  }

  @Test
  void aHierarchyDeclaredInTheRoutingFile_getsItsMasterKeyGeneratedAndWrittenBack(
      Vertx vertx, @TempDir Path dir) throws Exception {
    TestGateway gw = TestGateway.start(vertx, dir, ROUTING);
    try {
      assertThat(Files.readString(dir.resolve("routing.yaml")))
          .containsPattern(
              "declared-kek\", algorithm: A256KW, .*hierarchy: true, master-key-id: mk-");
      JsonObject audit =
          gw.request("GET", gw.admin("/admin/v1/audit"), TestGateway.ADMIN_TOKEN, null).json();
      JsonObject entry = audit.getJsonArray("entries").getJsonObject(0);
      assertThat(entry.getString("actor")).isEqualTo("keyshift");
      assertThat(entry.getString("action")).isEqualTo("generate-master-key");
      String sealed = wrap(gw, "declared", DEK, "t");
      assertThat(unwrap(gw, "declared", sealed, "t")).isEqualTo(DEK);
    } finally {
      gw.close();
    }
  }

  @Test
  void movingTheKek_keepsEveryBlob_andTheMasterKey_throughARestartOnTheNewKekAlone(
      Vertx vertx, @TempDir Path dir) throws Exception {
    TestGateway gw = TestGateway.start(vertx, dir, ROUTING);
    addHierarchical(gw, "v2", "orders-kek-2", "A256KW");
    setWeights(gw, 0, 100);
    String sealed = wrap(gw, DEK, "t");
    String before = Files.readString(dir.resolve("routing.yaml"));

    Response moved = moveKek(gw, "v2", "local", "orders-kek-3", "A256GCM");
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    JsonObject v2 = moved.json().getJsonArray("versions").getJsonObject(1);
    assertThat(v2.getString("key")).isEqualTo("orders-kek-3");
    assertThat(v2.getString("algorithm")).isEqualTo("A256GCM");
    JsonObject previous = v2.getJsonObject("hierarchy").getJsonObject("previousKek");
    assertThat(previous.getString("key")).isEqualTo("orders-kek-2");
    assertThat(previous.getString("algorithm")).isEqualTo("A256KW");
    assertThat(unwrap(gw, sealed, "t")).isEqualTo(DEK);
    assertThat(masterKeyId(before))
        .isEqualTo(masterKeyId(Files.readString(dir.resolve("routing.yaml"))));

    Response dropped =
        gw.request(
            "DELETE",
            gw.admin("/admin/v1/aliases/orders/versions/v2/kek/previous"),
            TestGateway.ADMIN_TOKEN,
            null);
    assertThat(dropped.status()).as(dropped.body()).isEqualTo(200);
    assertThat(Files.readString(dir.resolve("routing.yaml")))
        .doesNotContain("previous-kek")
        .doesNotContain("orders-kek-2");
    Response again =
        gw.request(
            "DELETE",
            gw.admin("/admin/v1/aliases/orders/versions/v2/kek/previous"),
            TestGateway.ADMIN_TOKEN,
            null);
    assertThat(again.status()).isEqualTo(422);
    assertThat(again.errorMessage()).isEqualTo("alias orders version v2 keeps no previous KEK");
    gw.close();

    TestGateway restarted = TestGateway.startWithoutWritingRouting(vertx, dir);
    try {
      assertThat(unwrap(restarted, sealed, "t")).isEqualTo(DEK);
      JsonObject audit =
          restarted
              .request(
                  "GET", restarted.admin("/admin/v1/audit?limit=2"), TestGateway.ADMIN_TOKEN, null)
              .json();
      assertThat(audit.getJsonArray("entries").getJsonObject(0).getString("action"))
          .isEqualTo("drop-previous-kek");
      assertThat(audit.getJsonArray("entries").getJsonObject(1).getString("action"))
          .isEqualTo("move-kek");
    } finally {
      restarted.close();
    }
  }

  @Test
  void aKekMove_isRefusedForAPlainVersion_anUnknownBackend_orAMalformedBody(
      Vertx vertx, @TempDir Path dir) throws Exception {
    TestGateway gw = TestGateway.start(vertx, dir, ROUTING);
    try {
      String routing = Files.readString(dir.resolve("routing.yaml"));
      Response plain = moveKek(gw, "v1", "local", "k", "A256KW");
      assertThat(plain.status()).isEqualTo(422);
      assertThat(plain.errorMessage())
          .isEqualTo(
              "alias orders version v1 has no master key to move: only a hierarchical version"
                  + " has a KEK");
      Response unknown =
          gw.request(
              "PUT",
              gw.admin("/admin/v1/aliases/declared/versions/v1/kek"),
              TestGateway.ADMIN_TOKEN,
              "{\"backend\": \"nowhere\", \"key\": \"k\", \"algorithm\": \"A256KW\"}");
      assertThat(unknown.status()).isEqualTo(422);
      assertThat(unknown.errorMessage()).isEqualTo("no backend named 'nowhere'");
      Response noVersion =
          gw.request(
              "PUT",
              gw.admin("/admin/v1/aliases/declared/versions/v9/kek"),
              TestGateway.ADMIN_TOKEN,
              "{\"backend\": \"local\", \"key\": \"k\", \"algorithm\": \"A256KW\"}");
      assertThat(noVersion.status()).isEqualTo(404);
      Response badAlgorithm =
          gw.request(
              "PUT",
              gw.admin("/admin/v1/aliases/declared/versions/v1/kek"),
              TestGateway.ADMIN_TOKEN,
              "{\"backend\": \"local\", \"key\": \"k\", \"algorithm\": \"ROT13\"}");
      assertThat(badAlgorithm.status()).isEqualTo(400);
      assertThat(Files.readString(dir.resolve("routing.yaml"))).isEqualTo(routing);
    } finally {
      gw.close();
    }
  }

  @Test
  void theCli_addsAHierarchicalVersion_movesItsKek_andDropsThePrevious(
      Vertx vertx, @TempDir Path dir) throws Exception {
    TestGateway gw = TestGateway.start(vertx, dir, ROUTING);
    try {
      String url = "http://127.0.0.1:" + gw.gateway.adminPort();
      CliRun added =
          CliRun.of(
              "routes",
              "add-version",
              "orders",
              "--id",
              "v2",
              "--backend",
              "local",
              "--key",
              "cli-kek-1",
              "--algorithm",
              "A256KW",
              "--hierarchy",
              "--url",
              url,
              "--token",
              TestGateway.ADMIN_TOKEN);
      assertThat(added.code()).as(added.err()).isZero();
      assertThat(added.out())
          .containsPattern(
              "v2: hierarchical, master key mk-[0-9a-f]{32}" + " wrapped by its KEK\n");
      CliRun moved =
          CliRun.of(
              "routes",
              "move-kek",
              "orders",
              "v2",
              "--backend",
              "local",
              "--key",
              "cli-kek-2",
              "--algorithm",
              "A256KWP",
              "--if-match",
              "2",
              "--url",
              url,
              "--token",
              TestGateway.ADMIN_TOKEN);
      assertThat(moved.code()).as(moved.err()).isZero();
      assertThat(moved.out())
          .contains("previous KEK kept: local cli-kek-1 A256KW")
          .containsPattern("v2 +local +cli-kek-2 +A256KWP");
      CliRun dropped =
          CliRun.of(
              "routes",
              "drop-previous-kek",
              "orders",
              "v2",
              "--url",
              url,
              "--token",
              TestGateway.ADMIN_TOKEN);
      assertThat(dropped.code()).as(dropped.err()).isZero();
      assertThat(dropped.out()).doesNotContain("previous KEK");
      CliRun again =
          CliRun.of(
              "routes",
              "drop-previous-kek",
              "orders",
              "v2",
              "--url",
              url,
              "--token",
              TestGateway.ADMIN_TOKEN);
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.err()).contains("keeps no previous KEK");
    } finally {
      gw.close();
    }
  }

  private static String masterKeyId(String routing) {
    int start = routing.indexOf("master-key-id: ") + "master-key-id: ".length();
    return routing.substring(start, routing.indexOf(',', start));
  }

  static JsonObject addHierarchical(TestGateway gw, String id, String key, String algorithm) {
    Response added =
        gw.request(
            "POST",
            gw.admin("/admin/v1/aliases/orders/versions"),
            TestGateway.ADMIN_TOKEN,
            new JsonObject()
                .put("id", id)
                .put("backend", "local")
                .put("key", key)
                .put("algorithm", algorithm)
                .put("hierarchy", true)
                .encode());
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    return added.json();
  }

  private static void setWeights(TestGateway gw, int v1, int v2) {
    Response set =
        gw.request(
            "PUT",
            gw.admin("/admin/v1/aliases/orders/weights"),
            TestGateway.ADMIN_TOKEN,
            new JsonObject().put("weights", new JsonObject().put("v1", v1).put("v2", v2)).encode());
    assertThat(set.status()).as(set.body()).isEqualTo(200);
  }

  private static Response moveKek(
      TestGateway gw, String version, String backend, String key, String algorithm) {
    return gw.request(
        "PUT",
        gw.admin("/admin/v1/aliases/orders/versions/" + version + "/kek"),
        TestGateway.ADMIN_TOKEN,
        new JsonObject()
            .put("backend", backend)
            .put("key", key)
            .put("algorithm", algorithm)
            .encode());
  }

  private static Response wrapResponse(
      TestGateway gw, String alias, byte[] plaintext, String context) {
    JsonObject body = new JsonObject().put("plaintext", TestGateway.b64(plaintext));
    if (context != null) {
      body.put("context", context);
    }
    return gw.post("/v1/keys/" + alias + "/wrap", TestGateway.ALL_TOKEN, body.encode());
  }

  private static String wrap(TestGateway gw, byte[] plaintext, String context) {
    return wrap(gw, "orders", plaintext, context);
  }

  private static String wrap(TestGateway gw, String alias, byte[] plaintext, String context) {
    Response wrapped = wrapResponse(gw, alias, plaintext, context);
    assertThat(wrapped.status()).as(wrapped.body()).isEqualTo(200);
    return wrapped.json().getString("ciphertext");
  }

  private static JsonObject unwrapJson(TestGateway gw, String ciphertext, String context) {
    return unwrapResponse(gw, "orders", ciphertext, context).json();
  }

  private static Response unwrapResponse(
      TestGateway gw, String alias, String ciphertext, String context) {
    JsonObject body = new JsonObject().put("ciphertext", ciphertext);
    if (context != null) {
      body.put("context", context);
    }
    return gw.post("/v1/keys/" + alias + "/unwrap", TestGateway.ALL_TOKEN, body.encode());
  }

  private static byte[] unwrap(TestGateway gw, String ciphertext, String context) {
    return unwrap(gw, "orders", ciphertext, context);
  }

  private static byte[] unwrap(TestGateway gw, String alias, String ciphertext, String context) {
    Response unwrapped = unwrapResponse(gw, alias, ciphertext, context);
    assertThat(unwrapped.status()).as(unwrapped.body()).isEqualTo(200);
    return TestGateway.unb64(unwrapped.json().getString("plaintext"));
  }

  private static void assertInvalid(TestGateway gw, String ciphertext, String context) {
    Response refused = unwrapResponse(gw, "orders", ciphertext, context);
    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.errorCode()).isEqualTo("INVALID_CIPHERTEXT");
    assertThat(refused.errorMessage()).isEqualTo("the ciphertext is not valid for this alias");
  }
}
