package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ADMIN_TOKEN;
import static dev.keyshift.gateway.TestGateway.ALL_TOKEN;
import static dev.keyshift.gateway.TestGateway.ORDERS_TOKEN;
import static dev.keyshift.gateway.TestGateway.WRAP_ONLY_TOKEN;
import static dev.keyshift.gateway.TestGateway.b64;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every error code the native API can produce, over real HTTP; never a 500. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeApiErrorsTest {
  static final String INVALID_MESSAGE = "the ciphertext is not valid for this alias";
  static final byte[] DEK = new byte[32];

  TestGateway gw;
  String good;

  @BeforeAll
  void start(Vertx vertx, @TempDir Path dir) throws Exception {
    gw = TestGateway.start(vertx, dir, TestGateway.ROUTING);
    good = gw.wrap("orders", DEK, null).getString("ciphertext");
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @Test
  void aBatchSentAsCurlDashDSendsIt_labelledAsAForm_isReadAsJson() {
    JsonArray items = new JsonArray();
    for (int i = 0; i < 500; i++) {
      items.add(new JsonObject().put("plaintext", TestGateway.b64(new byte[32])));
    }
    Response response =
        gw.request(
            "POST",
            gw.data("/v1/keys/gcm/wrap/batch"),
            ALL_TOKEN,
            new JsonObject().put("items", items).encode(),
            "Content-Type",
            "application/x-www-form-urlencoded");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().getJsonArray("results")).hasSize(500);
  }

  @Test
  void datakeyWithNoBody_isServed_everyFieldBeingOptional() {
    Response response = gw.post("/v1/keys/gcm/datakey", ALL_TOKEN, "");
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().getString("ciphertext")).startsWith("ks1:gcm:v1:");
  }

  @Test
  void datakeyOfASizeTheKeyCannotWrap_speaksOfTheDataKey_andIsNotCached() {
    Response response = gw.post("/v1/keys/kw/datakey", ALL_TOKEN, "{\"bytes\": 5}");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorMessage()).contains("data key").doesNotContain("plaintext");
    assertThat(response.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void tamperedEnvelope_isInvalidCiphertext() {
    int last = good.length() - 1;
    String tampered =
        good.substring(0, last - 5)
            + (good.charAt(last - 5) == 'A' ? 'B' : 'A')
            + good.substring(last - 4);
    assertInvalid("orders", tampered);
  }

  @Test
  void tamperedBlobSentToRewrap_isNotCountedAsAFailedRewrap() {
    // Names cutover's v1, which a rewrap would move to v2, but carries another key's payload.
    String tampered = "ks1:cutover:v1:" + good.substring(good.lastIndexOf(':') + 1);
    Response response =
        gw.post(
            "/v1/keys/cutover/rewrap",
            ALL_TOKEN,
            new JsonObject().put("ciphertext", tampered).encode());
    assertThat(response.status()).isEqualTo(422);
    assertThat(gw.get(gw.admin("/metrics")).body())
        .doesNotContain("keyshift_rewraps_total{alias=\"cutover\"");
  }

  @Test
  void truncatedEnvelope_isInvalidCiphertext() {
    assertInvalid("orders", good.substring(0, good.length() - 8));
    assertInvalid("orders", good.substring(0, good.lastIndexOf(':') + 1));
    assertInvalid("orders", "ks1:orders");
  }

  @Test
  void foreignAliasEnvelope_isInvalidCiphertext() {
    assertInvalid("gcm", good);
    assertInvalid("cutover", good);
  }

  @Test
  void unknownVersionEnvelope_isInvalidCiphertext() {
    assertInvalid("orders", good.replace("ks1:orders:v1:", "ks1:orders:v9:"));
  }

  @Test
  void otherVersionsKey_isInvalidCiphertext() {
    assertInvalid("orders", good.replace("ks1:orders:v1:", "ks1:orders:v2:"));
  }

  @Test
  void garbageWithoutLegacyVersion_isInvalidCiphertext() {
    assertInvalid("gcm", b64(new byte[40]));
    assertInvalid("gcm", "hello world");
  }

  @Test
  void disabledVersion_isForbidden() {
    Response response =
        unwrap("orders", good.replace("ks1:orders:v1:", "ks1:orders:v3:"), ALL_TOKEN);
    assertThat(response.status()).isEqualTo(403);
    assertThat(response.errorCode()).isEqualTo("VERSION_DISABLED");
    assertThat(response.errorMessage()).isEqualTo("key version v3 of alias orders is disabled");
  }

  @Test
  void missingOrWrongToken_isUnauthenticated() {
    for (String token : new String[] {null, "wrong", ""}) {
      Response response = gw.post("/v1/keys/orders/wrap", token, wrapBody());
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.errorCode()).isEqualTo("UNAUTHENTICATED");
      assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }
  }

  @Test
  void otherAliasToken_isForbidden() {
    Response response = gw.post("/v1/keys/billing/wrap", ORDERS_TOKEN, wrapBody());
    assertThat(response.status()).isEqualTo(403);
    assertThat(response.errorCode()).isEqualTo("FORBIDDEN");
    assertThat(response.errorMessage()).contains("orders-app");
  }

  @Test
  void operationNotGranted_isForbidden() {
    assertThat(gw.post("/v1/keys/orders/wrap", WRAP_ONLY_TOKEN, wrapBody()).status())
        .isEqualTo(200);
    Response response = unwrap("orders", good, WRAP_ONLY_TOKEN);
    assertThat(response.status()).isEqualTo(403);
    assertThat(response.errorCode()).isEqualTo("FORBIDDEN");
    Response batch = gw.post("/v1/keys/orders/unwrap/batch", WRAP_ONLY_TOKEN, "{\"items\": []}");
    assertThat(batch.errorCode()).isEqualTo("FORBIDDEN");
  }

  @Test
  void adminToken_isRefusedOnDataPlane() {
    Response response = gw.post("/v1/keys/orders/wrap", ADMIN_TOKEN, wrapBody());
    assertThat(response.status()).isEqualTo(403);
    assertThat(response.errorMessage()).isEqualTo("admin tokens work only on the admin listener");
  }

  @Test
  void unknownAlias_isNotFound() {
    Response response = gw.post("/v1/keys/nothing/wrap", ALL_TOKEN, wrapBody());
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.errorCode()).isEqualTo("UNKNOWN_ALIAS");
    assertThat(gw.post("/v1/keys/nothing/wrap/batch", ALL_TOKEN, "{\"items\": []}").errorCode())
        .isEqualTo("UNKNOWN_ALIAS");
  }

  @Test
  void unknownRouteOrMethod_isNotFound() {
    assertThat(gw.post("/v1/keys/orders/encrypt", ALL_TOKEN, wrapBody()).errorCode())
        .isEqualTo("NOT_FOUND");
    assertThat(gw.post("/v2/anything", ALL_TOKEN, wrapBody()).errorCode()).isEqualTo("NOT_FOUND");
    Response get = gw.get(gw.data("/v1/keys/orders/wrap"));
    assertThat(get.status()).isEqualTo(404);
    assertThat(get.errorCode()).isEqualTo("NOT_FOUND");
  }

  @Test
  void metrics_areNotServedOnDataPlane() {
    assertThat(gw.get(gw.data("/metrics")).status()).isEqualTo(404);
  }

  @Test
  void oversizedBodies_arePayloadTooLarge() {
    String single = "{\"plaintext\": \"" + "A".repeat(64 * 1024) + "\"}";
    Response response = gw.post("/v1/keys/orders/wrap", ALL_TOKEN, single);
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");

    String batch = "{\"items\": [{\"plaintext\": \"" + "A".repeat(1024 * 1024) + "\"}]}";
    assertThat(gw.post("/v1/keys/orders/wrap/batch", ALL_TOKEN, batch).status()).isEqualTo(413);
  }

  @Test
  void batchOfMoreThanThousandItems_isPayloadTooLarge() {
    JsonArray items = new JsonArray();
    for (int i = 0; i < 1001; i++) {
      items.add(new JsonObject());
    }
    Response response =
        gw.post(
            "/v1/keys/orders/wrap/batch", ALL_TOKEN, new JsonObject().put("items", items).encode());
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.errorMessage()).isEqualTo("a batch holds at most 1000 items");
  }

  @Test
  void plaintextSizeNotAllowed_isBadRequest() {
    Response kw =
        gw.post("/v1/keys/kw/wrap", ALL_TOKEN, "{\"plaintext\": \"" + b64(new byte[20]) + "\"}");
    assertThat(kw.status()).isEqualTo(400);
    assertThat(kw.errorMessage())
        .contains("A256KW needs a plaintext of 16 bytes or more, a multiple of 8");

    Response rsa =
        gw.post(
            "/v1/keys/billing/wrap", ALL_TOKEN, "{\"plaintext\": \"" + b64(new byte[400]) + "\"}");
    assertThat(rsa.status()).isEqualTo(400);
    assertThat(rsa.errorMessage()).contains("wraps at most 318 bytes");

    Response big =
        gw.post("/v1/keys/gcm/wrap", ALL_TOKEN, "{\"plaintext\": \"" + b64(new byte[9000]) + "\"}");
    assertThat(big.status()).isEqualTo(400);
  }

  @Test
  void malformedRequests_areBadRequest() {
    List<String> bodies =
        List.of(
            "",
            "{",
            "not json",
            "[]",
            "[{\"plaintext\": \"AAAA\"}]",
            "\"a string\"",
            "42",
            "null",
            "{}",
            "{\"plaintext\": 5}",
            "{\"plaintext\": \"\"}",
            "{\"plaintext\": \"@@@@\"}",
            "{\"plaintext\": \"AAA=A\"}",
            "{\"plaintext\": \"AAAAAAAAAAAAAAAAAAAAAA==\", \"routingKey\": 7}",
            "{\"plaintext\": \"AAAAAAAAAAAAAAAAAAAAAA==\", \"routingKey\": \"\"}",
            "{\"plaintext\": \"AAAAAAAAAAAAAAAAAAAAAA==\", \"routingKey\": \""
                + "x".repeat(257)
                + "\"}");
    for (String body : bodies) {
      Response response = gw.post("/v1/keys/orders/wrap", ALL_TOKEN, body);
      assertThat(response.status()).as(body).isEqualTo(400);
      assertThat(response.errorCode()).as(body).isEqualTo("BAD_REQUEST");
    }
    assertThat(unwrap("orders", null, ALL_TOKEN).status()).isEqualTo(400);
    assertThat(gw.post("/v1/keys/orders/datakey", ALL_TOKEN, "{\"bytes\": 0}").status())
        .isEqualTo(400);
    assertThat(gw.post("/v1/keys/orders/datakey", ALL_TOKEN, "{\"bytes\": 1025}").status())
        .isEqualTo(400);
    assertThat(gw.post("/v1/keys/orders/datakey", ALL_TOKEN, "{\"bytes\": \"32\"}").status())
        .isEqualTo(400);
    assertThat(gw.post("/v1/keys/orders/datakey", ALL_TOKEN, "{\"bytes\": 1.5}").status())
        .isEqualTo(400);
    assertThat(gw.post("/v1/keys/orders/wrap/batch", ALL_TOKEN, "{\"items\": 3}").status())
        .isEqualTo(400);
    assertThat(gw.post("/v1/keys/orders/wrap/batch", ALL_TOKEN, "[]").status()).isEqualTo(400);
  }

  @Test
  void nastyInput_neverGetsA5xxOrAStackTrace() {
    List<String> values =
        new ArrayList<>(
            List.of(
                "",
                "ks1:",
                "ks1:orders:v1:",
                "ks1:orders:v1:%%%",
                "\u0000",
                "ks1:orders:v1:" + "A".repeat(30_000),
                "=",
                "ks1:orders:v1:AAAA:AAAA",
                "\uD800",
                "ks1:ORDERS:v1:AAAAAAAAAAAAAAAAAAAAAA"));
    values.add(good + "=");
    values.add(good.toUpperCase());
    List<String> bodies = new ArrayList<>();
    for (String value : values) {
      JsonObject json =
          new JsonObject()
              .put("ciphertext", value)
              .put("plaintext", value)
              .put(
                  "routingKey",
                  value.isEmpty() ? "k" : value.substring(0, Math.min(value.length(), 10)));
      bodies.add(json.encode());
      bodies.add(new JsonObject().put("items", new JsonArray().add(json).add(value)).encode());
    }
    bodies.add("{\"ciphertext\": {\"nested\": true}, \"plaintext\": [1, 2]}");
    bodies.add("{\"bytes\": 99999999999999999999999}");
    bodies.add("{\"items\": [null, 1, [], {}]}");
    for (String operation : new String[] {"wrap", "unwrap", "rewrap", "datakey"}) {
      for (String alias :
          new String[] {"orders", "billing", "cutover", "no-such", "%2e%2e", "ORDERS"}) {
        for (String body : bodies) {
          for (String suffix : new String[] {"", "/batch"}) {
            Response response =
                gw.post("/v1/keys/" + alias + "/" + operation + suffix, ALL_TOKEN, body);
            assertThat(response.status())
                .as("%s %s %s", operation, alias, body)
                .isBetween(200, 499);
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
          }
        }
      }
    }
  }

  private Response unwrap(String alias, String ciphertext, String token) {
    return gw.post(
        "/v1/keys/" + alias + "/unwrap",
        token,
        new JsonObject().put("ciphertext", ciphertext).encode());
  }

  private void assertInvalid(String alias, String ciphertext) {
    for (String operation : new String[] {"unwrap", "rewrap"}) {
      Response response =
          gw.post(
              "/v1/keys/" + alias + "/" + operation,
              ALL_TOKEN,
              new JsonObject().put("ciphertext", ciphertext).encode());
      assertThat(response.status()).as("%s %s", operation, ciphertext).isEqualTo(422);
      assertThat(response.errorCode()).isEqualTo("INVALID_CIPHERTEXT");
      assertThat(response.errorMessage()).isEqualTo(INVALID_MESSAGE);
    }
  }

  private static String wrapBody() {
    return new JsonObject().put("plaintext", b64(DEK)).encode();
  }
}
