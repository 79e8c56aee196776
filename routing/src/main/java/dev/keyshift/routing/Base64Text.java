package dev.keyshift.routing;

import java.util.Base64;
import java.util.Optional;

/** Base64 as keyshift reads and writes it. */
public final class Base64Text {
  private static final Base64.Encoder STANDARD = Base64.getEncoder();
  private static final Base64.Encoder URL_UNPADDED = Base64.getUrlEncoder().withoutPadding();

  private Base64Text() {}

  /** Standard, padded base64: what JSON responses carry. */
  public static String standard(byte[] bytes) {
    return STANDARD.encodeToString(bytes);
  }

  /** Unpadded base64url: what envelopes carry. */
  public static String urlUnpadded(byte[] bytes) {
    return URL_UNPADDED.encodeToString(bytes);
  }

  /**
   * Decodes standard or url-safe base64, padded or not. Empty if the text is anything else (stray
   * characters, white space, wrong padding, mixed alphabets, or non-zero trailing bits).
   */
  public static Optional<byte[]> decodeEither(String text) {
    boolean url = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
    boolean standard = text.indexOf('+') >= 0 || text.indexOf('/') >= 0;
    if (url && standard) {
      return Optional.empty();
    }
    String unpadded = stripPadding(text);
    if (unpadded == null) {
      return Optional.empty();
    }
    return url ? decodeUrlUnpadded(unpadded) : decodeCanonical(unpadded, Base64.getDecoder());
  }

  /** Decodes canonical unpadded base64url: the exact text {@link #urlUnpadded} would produce. */
  public static Optional<byte[]> decodeUrlUnpadded(String text) {
    return decodeCanonical(text, Base64.getUrlDecoder());
  }

  private static Optional<byte[]> decodeCanonical(String unpadded, Base64.Decoder decoder) {
    if (unpadded.length() % 4 == 1 || unpadded.indexOf('=') >= 0) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = decoder.decode(unpadded);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // The JDK ignores non-zero trailing bits; refusing them gives each text one meaning.
    return unusedBitsClear(unpadded) ? Optional.of(bytes) : Optional.empty();
  }

  /**
   * Whether the bits of the last character that carry no byte are zero: the low four when it
   * carries one byte's last two bits, the low two when it carries four. The text's alphabet has
   * been checked by the decoder.
   */
  private static boolean unusedBitsClear(String unpadded) {
    int rest = unpadded.length() % 4;
    if (rest == 0) {
      return true;
    }
    int unused = rest == 2 ? 0x0F : 0x03;
    return (sextet(unpadded.charAt(unpadded.length() - 1)) & unused) == 0;
  }

  /** The six bits a character of either alphabet stands for. */
  private static int sextet(char c) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    return c == '+' || c == '-' ? 62 : 63;
  }

  /** The text without its padding, or null if the padding is not what its length needs. */
  private static String stripPadding(String text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '=') {
      end--;
    }
    int pads = text.length() - end;
    if (pads == 0) {
      return text;
    }
    boolean padded = text.length() % 4 == 0 && pads <= 2;
    return padded ? text.substring(0, end) : null;
  }
}
