package dev.keyshift.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Function;
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
  void flatObjectsAndNearMisses_areReadAsVertxReadsThem_inTheSameOrder() {
    Random random = new Random(20261207);
    String[] names = {
      "\"plaintext\"", "\"routingKey\"", "\"\"", "\"dup\"", "\"\u00e9\"", "\"a b\""
    };
    String[] values = {
      "\"\"",
      "\"AAECAw==\"",
      "\"ks1:demo:v1:x-_\"",
      "\" ~!@#$%^&*()\u007f\"",
      "\"\\\"\"",
      "\"\\n\"",
      "\"\\u0041\"",
      "\"\u00e9\"",
      "\"\u0001\"",
      "1",
      "null",
      "true",
      "[]",
      "{}"
    };
    String[] gaps = {"", "", " ", "\n", "\t", "\r\n", "\f"};
    String[] misses = {"{", "}", "\"", ":", ",", "\\", " ", "x", "\u0000"};
    int flat = 0;
    for (int round = 0; round < 20_000; round++) {
      StringBuilder text = new StringBuilder(pick(random, gaps)).append('{');
      for (int i = random.nextInt(4); i > 0; i--) {
        text.append(pick(random, gaps)).append(pick(random, names)).append(pick(random, gaps));
        text.append(':').append(pick(random, gaps)).append(pick(random, values));
        text.append(pick(random, gaps)).append(i > 1 ? "," : "");
      }
      text.append('}').append(pick(random, gaps));
      if (random.nextInt(4) == 0) {
        int at = random.nextInt(text.length());
        switch (random.nextInt(3)) {
          case 0 -> text.deleteCharAt(at);
          case 1 -> text.insert(at, text.charAt(at));
          default -> text.replace(at, at + 1, pick(random, misses));
        }
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      if (FlatJson.read(bytes, 0, bytes.length) != null) {
        flat++;
      }
      Buffer buffer = Buffer.buffer(bytes);
      assertThat(readOrRefuse(buffer, Json::decode))
          .as(text.toString())
          .isEqualTo(readOrRefuse(buffer, JACKSON::fromBuffer));
    }
    assertThat(flat).as("texts read without Jackson").isGreaterThan(2_000);
  }

  @Test
  void aBodyInPartOfAnArray_orOffTheHeap_isReadFromItsOwnBytes() {
    String text = "{\"plaintext\":\"AAECAw==\",\"routingKey\":\"t-1\"}";
    JsonObject expected = new JsonObject(text);
    Buffer framed = Buffer.buffer("xx" + text + "yy");
    assertThat(Json.decode(framed.slice(2, 2 + text.length()))).isEqualTo(expected);
    ByteBuf direct = Unpooled.directBuffer().writeBytes(text.getBytes(StandardCharsets.UTF_8));
    assertThat(Json.decode(BufferInternal.buffer(direct))).isEqualTo(expected);
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

  /** What a reader makes of a text: its value written out again (keeping order), or a refusal. */
  private static String readOrRefuse(Buffer text, Function<Buffer, Object> reader) {
    try {
      return String.valueOf(reader.apply(text));
    } catch (DecodeException e) {
      return "refused";
    }
  }

  private static String pick(Random random, String[] choices) {
    return choices[random.nextInt(choices.length)];
  }
}
