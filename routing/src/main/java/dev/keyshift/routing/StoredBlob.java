package dev.keyshift.routing;

/**
 * A ciphertext a client presented, resolved to the version that unwraps it.
 *
 * @param version the enabled version whose key wrapped the payload
 * @param payload the backend's wrapped bytes
 * @param legacy whether it came as a raw backend blob rather than an envelope
 */
public record StoredBlob(KeyVersion version, byte[] payload, boolean legacy) {

  /**
   * Resolves {@code text} for {@code alias}: an envelope of this alias and one of its versions, or,
   * when the alias names a legacy version, base64 of a raw backend blob.
   *
   * @throws InvalidCiphertextException for anything else, whatever the reason
   * @throws VersionDisabledException when the version is disabled
   */
  public static StoredBlob read(Alias alias, String text) {
    StoredBlob blob =
        Envelope.looksLikeEnvelope(text) ? fromEnvelope(alias, text) : legacy(alias, text);
    if (!blob.version.isEnabled()) {
      throw new VersionDisabledException(alias.name(), blob.version.id());
    }
    return blob;
  }

  private static StoredBlob fromEnvelope(Alias alias, String text) {
    Envelope envelope = Envelope.parse(text);
    if (!envelope.alias().equals(alias.name())) {
      throw new InvalidCiphertextException();
    }
    KeyVersion version =
        alias.version(envelope.version()).orElseThrow(InvalidCiphertextException::new);
    return new StoredBlob(version, envelope.payload(), false);
  }

  private static StoredBlob legacy(Alias alias, String text) {
    KeyVersion version = alias.legacyVersion().orElseThrow(InvalidCiphertextException::new);
    if (text.length() > Envelope.MAX_TEXT_LENGTH) {
      throw new InvalidCiphertextException();
    }
    byte[] payload = Base64Text.decodeEither(text).orElseThrow(InvalidCiphertextException::new);
    if (payload.length == 0 || payload.length > Envelope.MAX_PAYLOAD_BYTES) {
      throw new InvalidCiphertextException();
    }
    return new StoredBlob(version, payload, true);
  }
}
