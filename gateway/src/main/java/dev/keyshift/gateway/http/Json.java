package dev.keyshift.gateway.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.util.Map;

/**
 * JSON for request and response bodies on Jackson's streaming parser and generator. Vert.x's
 * default codec goes through Jackson databind when databind is on the classpath (the YAML config
 * loader puts it there), which costs a serializer-provider instance per answer: about 10% of the
 * gateway's CPU under load. The documents are the same: objects, arrays, strings, numbers.
 */
public final class Json {
  private static final JacksonCodec CODEC = new JacksonCodec();

  /**
   * Field names are looked up in a symbol table, Jackson's default, which keeps the parser on UTF-8
   * bytes; without the table Jackson decodes through a {@code Reader} and allocates more. They are
   * not interned: names a client invents must not grow the JVM's string table.
   */
  private static final JsonFactory READER =
      JsonFactory.builder().disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();

  private Json() {}

  /**
   * The value of a JSON text: a {@link JsonObject}, {@link io.vertx.core.json.JsonArray}, string,
   * number, boolean or null.
   *
   * @throws DecodeException when it is not one JSON value
   */
  public static Object decode(Buffer text) {
    ByteBuf buffer = ((BufferInternal) text).getByteBuf();
    int length = buffer.readableBytes();
    // Read in place when on the heap (request bodies are).
    byte[] bytes = buffer.hasArray() ? buffer.array() : ByteBufUtil.getBytes(buffer);
    int from = buffer.hasArray() ? buffer.arrayOffset() + buffer.readerIndex() : 0;
    JsonObject flat = FlatJson.read(bytes, from, length);
    if (flat != null) {
      return flat;
    }
    JsonParser parser;
    try {
      parser = READER.createParser(bytes, from, length);
    } catch (IOException e) {
      throw new DecodeException("the text cannot be read: " + e.getMessage());
    }
    return JacksonCodec.fromParser(parser, Object.class);
  }

  /**
   * The object as compact JSON text. Every single answer is a flat object of strings, booleans and
   * whole numbers; those are written here straight into bytes, a generator (or a String built
   * first) costing more than the rest of the answer. Anything nested (a batch) goes through
   * Jackson.
   */
  public static Buffer encode(JsonObject json) {
    Map<String, Object> fields = json.getMap();
    // Room for the answer when nothing needs escaping; Utf8Text grows when something does.
    int size = 2;
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      Object value = field.getValue();
      if (!(value instanceof String
          || value instanceof Boolean
          || value instanceof Integer
          || value instanceof Long)) {
        return CODEC.toBuffer(json, false);
      }
      size +=
          field.getKey().length() + 4 + (value instanceof String string ? string.length() + 2 : 20);
    }
    Utf8Text text = new Utf8Text(size);
    text.ascii('{');
    boolean first = true;
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      if (!first) {
        text.ascii(',');
      }
      first = false;
      text.string(field.getKey());
      text.ascii(':');
      Object value = field.getValue();
      if (value instanceof String string) {
        text.string(string);
      } else {
        text.plain(value.toString());
      }
    }
    text.ascii('}');
    return text.toBuffer();
  }
}
