package dev.keyshift.routing;

import java.util.Arrays;
import java.util.Objects;

/**
 * A wrapped key as keyshift hands it out: {@code ks1:{alias}:{version}:{payload}}, where payload is
 * the backend's wrapped bytes in unpadded base64url. See {@code docs/envelope.md}; this is a
 * persisted format and never changes incompatibly.
 *
 * <p>{@link #parse} is strict and canonical: exact prefix, valid ids, canonical base64url, payload
 * of {@value #MIN_PAYLOAD_BYTES} to {@value #MAX_PAYLOAD_BYTES} bytes. Every failure is the same
 * {@link InvalidCiphertextException}.
 */
public final class Envelope {
  /** The prefix every envelope starts with. */
  public static final String PREFIX = "ks1:";

  public static final int MIN_PAYLOAD_BYTES = 16;
  public static final int MAX_PAYLOAD_BYTES = 16_384;

  /** The longest text {@link #parse} considers: prefix, two ids, two colons, payload. */
  public static final int MAX_TEXT_LENGTH =
      PREFIX.length() + 2 * (Ids.MAX_LENGTH + 1) + (MAX_PAYLOAD_BYTES * 4 + 2) / 3;

  private final String alias;
  private final String version;
  private final byte[] payload;

  public Envelope(String alias, String version, byte[] payload) {
    if (!Ids.isValid(alias) || !Ids.isValid(version)) {
      throw new IllegalArgumentException("alias and version must be valid ids");
    }
    if (payload.length < MIN_PAYLOAD_BYTES || payload.length > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("payload length out of range: " + payload.length);
    }
    this.alias = alias;
    this.version = version;
    this.payload = payload.clone();
  }

  public String alias() {
    return alias;
  }

  public String version() {
    return version;
  }

  public byte[] payload() {
    return payload.clone();
  }

  /** The text form. */
  public String format() {
    return PREFIX + alias + ':' + version + ':' + Base64Text.urlUnpadded(payload);
  }

  /** Whether the text claims to be an envelope (starts with the prefix), valid or not. */
  public static boolean looksLikeEnvelope(String text) {
    return text.startsWith(PREFIX);
  }

  /** Parses the text form strictly. */
  public static Envelope parse(String text) {
    if (text.length() > MAX_TEXT_LENGTH || !text.startsWith(PREFIX)) {
      throw new InvalidCiphertextException();
    }
    int aliasEnd = text.indexOf(':', PREFIX.length());
    int versionEnd = aliasEnd < 0 ? -1 : text.indexOf(':', aliasEnd + 1);
    if (versionEnd < 0) {
      throw new InvalidCiphertextException();
    }
    String alias = text.substring(PREFIX.length(), aliasEnd);
    String version = text.substring(aliasEnd + 1, versionEnd);
    byte[] payload =
        Base64Text.decodeUrlUnpadded(text.substring(versionEnd + 1))
            .orElseThrow(InvalidCiphertextException::new);
    if (!Ids.isValid(alias)
        || !Ids.isValid(version)
        || payload.length < MIN_PAYLOAD_BYTES
        || payload.length > MAX_PAYLOAD_BYTES) {
      throw new InvalidCiphertextException();
    }
    return new Envelope(alias, version, payload);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Envelope that
        && alias.equals(that.alias)
        && version.equals(that.version)
        && Arrays.equals(payload, that.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(alias, version, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return PREFIX + alias + ':' + version + ":<" + payload.length + " bytes>";
  }
}
