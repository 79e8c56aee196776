package dev.keyshift.gateway.http;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON text written as UTF-8 bytes into one growing array, handed to Vert.x without a copy. Strings
 * are escaped as RFC 8259 requires (quote, backslash, control characters), in the forms Jackson
 * writes, so answers are byte for byte what a generator would give.
 */
final class Utf8Text {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private byte[] bytes;
  private int length;

  Utf8Text(int capacity) {
    bytes = new byte[capacity];
  }

  /** One ASCII character. */
  void ascii(char c) {
    room(1);
    bytes[length++] = (byte) c;
  }

  /** Text that needs no escaping and is ASCII (a number, {@code true}). */
  void plain(String text) {
    room(text.length());
    for (int i = 0; i < text.length(); i++) {
      bytes[length++] = (byte) text.charAt(i);
    }
  }

  /** A quoted, escaped JSON string. */
  void string(String value) {
    // Room for the common case, ASCII needing no escape; escapes and other characters ask for more.
    room(value.length() + 2);
    bytes[length++] = '"';
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        bytes[length++] = (byte) c;
      } else if (c >= 0x80) {
        i = nonAscii(value, i);
      } else {
        escape(c, value.length() - i);
      }
    }
    bytes[length++] = '"';
  }

  Buffer toBuffer() {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, 0, length));
  }

  /** Writes an escape; {@code left} characters remain to be written after it, then a quote. */
  private void escape(char c, int left) {
    room(6 + left);
    bytes[length++] = '\\';
    switch (c) {
      case '"', '\\' -> bytes[length++] = (byte) c;
      case '\n' -> bytes[length++] = 'n';
      case '\r' -> bytes[length++] = 'r';
      case '\t' -> bytes[length++] = 't';
      case '\b' -> bytes[length++] = 'b';
      case '\f' -> bytes[length++] = 'f';
      default -> {
        bytes[length++] = 'u';
        bytes[length++] = '0';
        bytes[length++] = '0';
        bytes[length++] = HEX[c >> 4];
        bytes[length++] = HEX[c & 0xF];
      }
    }
  }

  /**
   * Writes the run of non-ASCII characters starting at {@code from} (a surrogate pair stays whole)
   * and answers the index of its last character.
   */
  private int nonAscii(String value, int from) {
    int end = from;
    while (end < value.length() && value.charAt(end) >= 0x80) {
      end++;
    }
    byte[] encoded = value.substring(from, end).getBytes(StandardCharsets.UTF_8);
    room(encoded.length + value.length() - end + 1);
    System.arraycopy(encoded, 0, bytes, length, encoded.length);
    length += encoded.length;
    return end - 1;
  }

  private void room(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }
  }
}
