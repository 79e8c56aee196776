package dev.keyshift.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;

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

  public static Buffer encode(JsonObject json) {
    return CODEC.toBuffer(json, false);
  }
}
