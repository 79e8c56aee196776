package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ALL_TOKEN;
import static dev.keyshift.gateway.TestGateway.b64;
import static dev.keyshift.gateway.TestGateway.unb64;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every row of the native API table, over real HTTP. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeApiTest {
  static final byte[] DEK =
      HexFormat.of().parseHex("00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f");

  TestGateway gw;

  @BeforeAll
  void start(Vertx vertx, @TempDir Path dir) throws Exception {
    gw = TestGateway.start(vertx, dir, TestGateway.ROUTING);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @Test
  void wrap_answersEnvelopeOfSelectedVersion() {
    JsonObject wrapped = gw.wrap("orders", DEK, null);
    assertThat(wrapped.fieldNames()).containsExactlyInAnyOrder("ciphertext", "keyVersion");
    assertThat(wrapped.getString("keyVersion")).isEqualTo("v1");
    assertThat(wrapped.getString("ciphertext")).startsWith("ks1:orders:v1:");
  }

  @Test
  void unwrap_returnsPlaintextAndVersion() {
    String ciphertext = gw.wrap("orders", DEK, "tenant-7").getString("ciphertext");
    JsonObject unwrapped = gw.unwrap("orders", ciphertext, "tenant-7");
    assertThat(unb64(unwrapped.getString("plaintext"))).isEqualTo(DEK);
    assertThat(unwrapped.getString("keyVersion")).isEqualTo("v1");
    assertThat(unwrapped.getBoolean("rewrapped")).isFalse();
    assertThat(unwrapped.containsKey("rewrappedKeyVersion")).isFalse();
  }

  @Test
  void urlSafeUnpaddedPlaintext_isAccepted() {
    byte[] dek = new byte[32];
    dek[0] = (byte) 0xfb;
    dek[1] = (byte) 0xff;
    String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(dek);
    Response response =
        gw.post(
            "/v1/keys/orders/wrap", ALL_TOKEN, new JsonObject().put("plaintext", urlSafe).encode());
    assertThat(response.status()).isEqualTo(200);
    String ciphertext = response.json().getString("ciphertext");
    assertThat(unb64(gw.unwrap("orders", ciphertext, null).getString("plaintext"))).isEqualTo(dek);
  }

  @Test
  void everyAlgorithm_roundTrips() {
    for (String alias : new String[] {"orders", "billing", "gcm", "kw", "cutover"}) {
      String ciphertext = gw.wrap(alias, DEK, null).getString("ciphertext");
      assertThat(unb64(gw.unwrap(alias, ciphertext, null).getString("plaintext")))
          .as(alias)
          .isEqualTo(DEK);
    }
  }

  @Test
  void gcm_wrapsTheSameKeyDifferentlyEachTime() {
    assertThat(gw.wrap("gcm", DEK, null).getString("ciphertext"))
        .isNotEqualTo(gw.wrap("gcm", DEK, null).getString("ciphertext"));
  }

  @Test
  void legacyBlob_unwrapsAndIsLazilyRewrappedForward() throws Exception {
    String legacy = b64(gw.rawKwpWrap("cutover-v1", DEK));
    JsonObject unwrapped = gw.unwrap("cutover", legacy, null);
    assertThat(unb64(unwrapped.getString("plaintext"))).isEqualTo(DEK);
    assertThat(unwrapped.getString("keyVersion")).isEqualTo("v1");
    assertThat(unwrapped.getBoolean("rewrapped")).isTrue();
    assertThat(unwrapped.getString("rewrappedKeyVersion")).isEqualTo("v2");
    String moved = unwrapped.getString("rewrappedCiphertext");
    assertThat(moved).startsWith("ks1:cutover:v2:");

    JsonObject again = gw.unwrap("cutover", moved, null);
    assertThat(unb64(again.getString("plaintext"))).isEqualTo(DEK);
    assertThat(again.getString("keyVersion")).isEqualTo("v2");
    assertThat(again.getBoolean("rewrapped")).isFalse();
  }

  @Test
  void legacyBlob_onAliasWithWeightOnLegacyVersion_isNotRewrapped() throws Exception {
    String legacy = Base64.getUrlEncoder().encodeToString(gw.rawKwpWrap("orders-v1", DEK));
    JsonObject unwrapped = gw.unwrap("orders", legacy, null);
    assertThat(unb64(unwrapped.getString("plaintext"))).isEqualTo(DEK);
    assertThat(unwrapped.getString("keyVersion")).isEqualTo("v1");
    assertThat(unwrapped.getBoolean("rewrapped")).isFalse();
  }

  @Test
  void rewrap_movesOlderBlobToSelectedVersion_withoutPlaintext() throws Exception {
    String v1Envelope =
        "ks1:cutover:v1:"
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(gw.rawKwpWrap("cutover-v1", DEK));
    Response response =
        gw.post(
            "/v1/keys/cutover/rewrap",
            ALL_TOKEN,
            new JsonObject().put("ciphertext", v1Envelope).encode());
    assertThat(response.status()).isEqualTo(200);
    JsonObject rewrapped = response.json();
    assertThat(rewrapped.fieldNames())
        .containsExactlyInAnyOrder("ciphertext", "keyVersion", "rewrapped");
    assertThat(rewrapped.getBoolean("rewrapped")).isTrue();
    assertThat(rewrapped.getString("keyVersion")).isEqualTo("v2");
    assertThat(
            unb64(
                gw.unwrap("cutover", rewrapped.getString("ciphertext"), null)
                    .getString("plaintext")))
        .isEqualTo(DEK);
  }

  @Test
  void rewrap_leavesBlobOnNewestSelectedVersionAsItIs() {
    String ciphertext = gw.wrap("orders", DEK, null).getString("ciphertext");
    Response response =
        gw.post(
            "/v1/keys/orders/rewrap",
            ALL_TOKEN,
            new JsonObject().put("ciphertext", ciphertext).encode());
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getBoolean("rewrapped")).isFalse();
    assertThat(response.json().getString("ciphertext")).isEqualTo(ciphertext);
    assertThat(response.json().getString("keyVersion")).isEqualTo("v1");
  }

  @Test
  void datakey_returnsFreshKeyAndItsWrap() {
    Response response = gw.post("/v1/keys/gcm/datakey", ALL_TOKEN, "{}");
    assertThat(response.status()).isEqualTo(200);
    JsonObject dataKey = response.json();
    assertThat(dataKey.fieldNames())
        .containsExactlyInAnyOrder("plaintext", "ciphertext", "keyVersion");
    byte[] plaintext = unb64(dataKey.getString("plaintext"));
    assertThat(plaintext).hasSize(32);
    assertThat(
            unb64(gw.unwrap("gcm", dataKey.getString("ciphertext"), null).getString("plaintext")))
        .isEqualTo(plaintext);

    Response sixteen =
        gw.post("/v1/keys/kw/datakey", ALL_TOKEN, "{\"bytes\": 16, \"routingKey\": \"t1\"}");
    assertThat(unb64(sixteen.json().getString("plaintext"))).hasSize(16);
    assertThat(gw.post("/v1/keys/gcm/datakey", ALL_TOKEN, "{}").json().getString("plaintext"))
        .isNotEqualTo(dataKey.getString("plaintext"));
  }

  @Test
  void batch_answersEachItemInOrder_withRefsAndItemErrors() {
    JsonArray items =
        new JsonArray()
            .add(new JsonObject().put("plaintext", b64(DEK)).put("ref", "a"))
            .add(new JsonObject().put("plaintext", "not base64!").put("ref", "b"))
            .add(new JsonObject().put("plaintext", b64(new byte[] {1, 2, 3})).put("ref", 3))
            .add("not an object");
    Response response =
        gw.post("/v1/keys/kw/wrap/batch", ALL_TOKEN, new JsonObject().put("items", items).encode());
    assertThat(response.status()).isEqualTo(200);
    JsonArray results = response.json().getJsonArray("results");
    assertThat(results).hasSize(4);
    assertThat(results.getJsonObject(0).getString("ref")).isEqualTo("a");
    assertThat(results.getJsonObject(0).getString("ciphertext")).startsWith("ks1:kw:v1:");
    assertThat(results.getJsonObject(1).getString("ref")).isEqualTo("b");
    assertThat(results.getJsonObject(1).getJsonObject("error").getString("code"))
        .isEqualTo("BAD_REQUEST");
    assertThat(results.getJsonObject(2).getInteger("ref")).isEqualTo(3);
    assertThat(results.getJsonObject(2).getJsonObject("error").getString("message"))
        .contains("A256KW");
    assertThat(results.getJsonObject(3).getJsonObject("error").getString("code"))
        .isEqualTo("BAD_REQUEST");
  }

  @Test
  void batch_unwrapRewrapAndDatakey() {
    String good = gw.wrap("orders", DEK, null).getString("ciphertext");
    JsonArray items =
        new JsonArray()
            .add(new JsonObject().put("ciphertext", good).put("ref", 1))
            .add(
                new JsonObject()
                    .put("ciphertext", good.substring(0, good.length() - 4))
                    .put("ref", 2));
    JsonArray unwrapped =
        gw.post(
                "/v1/keys/orders/unwrap/batch",
                ALL_TOKEN,
                new JsonObject().put("items", items).encode())
            .json()
            .getJsonArray("results");
    assertThat(unb64(unwrapped.getJsonObject(0).getString("plaintext"))).isEqualTo(DEK);
    assertThat(unwrapped.getJsonObject(1).getJsonObject("error").getString("code"))
        .isEqualTo("INVALID_CIPHERTEXT");

    JsonArray rewrapped =
        gw.post(
                "/v1/keys/orders/rewrap/batch",
                ALL_TOKEN,
                new JsonObject().put("items", items).encode())
            .json()
            .getJsonArray("results");
    assertThat(rewrapped.getJsonObject(0).getBoolean("rewrapped")).isFalse();
    assertThat(rewrapped.getJsonObject(1).getJsonObject("error").getString("code"))
        .isEqualTo("INVALID_CIPHERTEXT");

    JsonArray keys =
        gw.post("/v1/keys/gcm/datakey/batch", ALL_TOKEN, "{\"items\": [{}, {\"bytes\": 24}]}")
            .json()
            .getJsonArray("results");
    assertThat(unb64(keys.getJsonObject(1).getString("plaintext"))).hasSize(24);
  }

  @Test
  void batch_ofThousandItems_isServed() {
    JsonArray items = new JsonArray();
    for (int i = 0; i < 1000; i++) {
      items.add(new JsonObject().put("plaintext", b64(DEK)).put("ref", i));
    }
    Response response =
        gw.post(
            "/v1/keys/orders/wrap/batch", ALL_TOKEN, new JsonObject().put("items", items).encode());
    assertThat(response.status()).isEqualTo(200);
    JsonArray results = response.json().getJsonArray("results");
    assertThat(results).hasSize(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(results.getJsonObject(i).getInteger("ref")).isEqualTo(i);
    }
  }
}
