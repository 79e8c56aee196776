package dev.keyshift.gateway.http;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request bodies of the serving path, read without a parser object: a flat object whose names
 * and values are all strings of printable ASCII without escapes ({@code {"plaintext": "..."}},
 * {@code {"ciphertext": "...", "routingKey": "..."}}). Anything else, including every text that is
 * not JSON, is left to Jackson, which then reads or refuses it as it always does; a Jackson parser
 * costs about as many bytes of garbage as the rest of a request's handling.
 */
final class FlatJson {
  /** Longer texts go to Jackson, which holds names and values to its own length limits. */
  static final int MAX_LENGTH = 4096;

  private final byte[] text;
  private final int end;
  private int at;

  private FlatJson(byte[] text, int from, int length) {
    this.text = text;
    this.at = from;
    this.end = from + length;
  }

  /**
   * The object in {@code text[from, from + length)}, or null when it is not a flat object of plain
   * strings (a later name repeating an earlier one replaces it, as with Jackson).
   */
  static JsonObject read(byte[] text, int from, int length) {
    return length > MAX_LENGTH ? null : new FlatJson(text, from, length).object();
  }

  private JsonObject object() {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (!skipTo('{')) {
      return null;
    }
    if (!skipTo('}')) {
      do {
        String name = string();
        if (name == null || !skipTo(':')) {
          return null;
        }
        String value = string();
        if (value == null) {
          return null;
        }
        fields.put(name, value);
      } while (skipTo(','));
      if (!skipTo('}')) {
        return null;
      }
    }
    skipWhitespace();
    return at == end ? new JsonObject(fields) : null;
  }

  /**
   * Consumes whitespace and then {@code c}, answering true; false, having consumed only whitespace,
   * when {@code c} is not next.
   */
  private boolean skipTo(char c) {
    skipWhitespace();
    if (at < end && text[at] == c) {
      at++;
      return true;
    }
    return false;
  }

  /** A string of printable ASCII without escapes, or null. */
  private String string() {
    if (!skipTo('"')) {
      return null;
    }
    int start = at;
    while (at < end) {
      byte b = text[at];
      if (b == '"') {
        at++;
        return new String(text, start, at - 1 - start, StandardCharsets.ISO_8859_1);
      }
      if (b < 0x20 || b == '\\') { // control characters, escapes and (negative) non-ASCII bytes
        return null;
      }
      at++;
    }
    return null;
  }

  private void skipWhitespace() {
    while (at < end
        && (text[at] == ' ' || text[at] == '\n' || text[at] == '\r' || text[at] == '\t')) {
      at++;
    }
  }
}
