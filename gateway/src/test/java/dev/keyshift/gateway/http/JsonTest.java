package dev.keyshift.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Random;
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
  void stringsOfEveryKindAndLength_areWrittenAsJacksonWritesThem() {
    Random random = new Random(20261207);
    for (int round = 0; round < 2_000; round++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(round < 1_000 ? 40 : 2_000);
      for (int i = 0; i < length; i++) {
        value.append(
            switch (random.nextInt(5)) {
              case 0 -> (char) random.nextInt(0x20);
              case 1 -> "\"\\".charAt(random.nextInt(2));
              case 2 -> (char) (0x80 + random.nextInt(0xD800 - 0x80));
              case 3 -> "🔑";
              default -> (char) (0x20 + random.nextInt(0x60));
            });
      }
      JsonObject json = new JsonObject().put("k" + value, value.toString()).put("n", round);
      assertThat(Json.encode(json).toString(StandardCharsets.UTF_8))
          .isEqualTo(JACKSON.toString(json, false));
    }
  }

  @Test
  void anyText_isReadAsVertxReadsIt_orRefusedAsItRefusesIt() {
    Random random = new Random(3);
    String[] pieces = {
      "{",
      "}",
      "[",
      "]",
      ":",
      ",",
      "\"a\"",
      "\"plaintext\"",
      "\"\\u00e9\\n\"",
      "1",
      "-2.5e3",
      "true",
      "null",
      " ",
      "\"",
      "\\",
      "x",
      "{\"a\":1}",
      "[1,2]",
      "\"dup\":1,\"dup\":2"
    };
    for (int round = 0; round < 20_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(12); i >= 0; i--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      Buffer buffer = Buffer.buffer(text.toString());
      Object vertx;
      try {
        vertx = JACKSON.fromBuffer(buffer);
      } catch (DecodeException e) {
        vertx = e.getClass();
      }
      Object ours;
      try {
        ours = Json.decode(buffer);
      } catch (DecodeException e) {
        ours = e.getClass();
      }
      assertThat(ours).as(text.toString()).isEqualTo(vertx);
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
