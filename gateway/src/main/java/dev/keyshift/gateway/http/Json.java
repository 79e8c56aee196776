package dev.keyshift.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * JSON for request and response bodies on Jackson's streaming parser and generator. Vert.x's
 * default codec goes through Jackson databind when databind is on the classpath (the YAML config
 * loader puts it there), which costs a serializer-provider instance per answer: about 10% of the
 * gateway's CPU under load. The documents are the same: objects, arrays, strings, numbers.
 */
public final class Json {
  private static final JacksonCodec CODEC = new JacksonCodec();

  private Json() {}

  /**
   * The value of a JSON text: a {@link JsonObject}, {@link io.vertx.core.json.JsonArray}, string,
   * number, boolean or null.
   *
   * @throws DecodeException when it is not one JSON value
   */
  public static Object decode(Buffer text) {
    return CODEC.fromBuffer(text);
  }

  /**
   * The object as compact JSON text. Every single answer is a flat object of strings, booleans and
   * whole numbers; those are written here directly, a generator costing more than the rest of the
   * answer. Anything nested (a batch) goes through Jackson.
   */
  public static Buffer encode(JsonObject json) {
    StringBuilder text = new StringBuilder(256).append('{');
    for (Map.Entry<String, Object> field : json) {
      Object value = field.getValue();
      if (!(value instanceof String
          || value instanceof Boolean
          || value instanceof Integer
          || value instanceof Long)) {
        return CODEC.toBuffer(json, false);
      }
      if (text.length() > 1) {
        text.append(',');
      }
      string(text, field.getKey()).append(':');
      if (value instanceof String string) {
        string(text, string);
      } else {
        text.append(value);
      }
    }
    return Buffer.buffer(text.append('}').toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON string, escaped as RFC 8259 requires (quote, backslash, control characters). */
  private static StringBuilder string(StringBuilder text, String value) {
    text.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"', '\\' -> text.append('\\').append(c);
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        case '\b' -> text.append("\\b");
        case '\f' -> text.append("\\f");
        default -> {
          if (c < 0x20) {
            text.append(String.format("\\u%04X", (int) c));
          } else {
            text.append(c);
          }
        }
      }
    }
    return text.append('"');
  }
}
