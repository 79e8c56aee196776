package dev.keyshift.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Answers written without a generator are the same JSON text Jackson writes. */
class JsonTest {
  private static final JacksonCodec JACKSON = new JacksonCodec();

  @Test
  void flatObjects_areWrittenAsJacksonWritesThem() {
    for (JsonObject json :
        new JsonObject[] {
          new JsonObject(),
          new JsonObject().put("ciphertext", "ks1:demo:v1:AAAA").put("keyVersion", "v1"),
          new JsonObject().put("rewrapped", false).put("n", 42).put("big", 1L << 40),
          new JsonObject().put("quote\"key", "back\\slash").put("ctl", "tab\tnl\nnul\u0000\u001f"),
          new JsonObject().put("unicode", "é漢字🔑").put("slash", "a/b").put("del", "\u007f"),
        }) {
      String ours = Json.encode(json).toString(StandardCharsets.UTF_8);
      assertThat(ours).isEqualTo(JACKSON.toString(json, false));
      assertThat(new JsonObject(ours)).isEqualTo(json);
    }
  }

  @Test
  void nestedObjects_goThroughJackson() {
    JsonObject batch =
        new JsonObject()
            .put("results", new JsonArray().add(new JsonObject().put("ref", 1)))
            .put("error", new JsonObject().put("code", "BAD_REQUEST"));
    assertThat(Json.encode(batch).toString(StandardCharsets.UTF_8))
        .isEqualTo(JACKSON.toString(batch, false));
  }
}
