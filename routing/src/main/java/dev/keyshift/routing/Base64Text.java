package dev.keyshift.routing;

import java.util.Base64;
import java.util.Optional;

/** Base64 as keyshift reads and writes it. */
public final class Base64Text {
  private static final Base64.Encoder STANDARD = Base64.getEncoder();
  private static final Base64.Encoder STANDARD_UNPADDED = STANDARD.withoutPadding();
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
    return url
        ? decodeUrlUnpadded(unpadded)
        : decodeCanonical(unpadded, Base64.getDecoder(), STANDARD_UNPADDED);
  }

  /** Decodes canonical unpadded base64url: the exact text {@link #urlUnpadded} would produce. */
  public static Optional<byte[]> decodeUrlUnpadded(String text) {
    return decodeCanonical(text, Base64.getUrlDecoder(), URL_UNPADDED);
  }

  private static Optional<byte[]> decodeCanonical(
      String unpadded, Base64.Decoder decoder, Base64.Encoder unpaddedEncoder) {
    if (unpadded.length() % 4 == 1 || unpadded.indexOf('=') >= 0) {
      return Optional.empty();
    }
    byte[] bytes;
    try {
      bytes = decoder.decode(unpadded);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // The JDK ignores non-zero trailing bits; re-encoding rejects them so each text has one
    // meaning.
    return unpaddedEncoder.encodeToString(bytes).equals(unpadded)
        ? Optional.of(bytes)
        : Optional.empty();
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
