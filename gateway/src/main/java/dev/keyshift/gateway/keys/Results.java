package dev.keyshift.gateway.keys;

/** What key operations return; the API layer turns them into JSON. */
public final class Results {
  private Results() {}

  /**
   * @param ciphertext envelope text
   * @param keyVersion version that wrapped it
   */
  public record Wrapped(String ciphertext, String keyVersion) {}

  /**
   * @param plaintext the unwrapped key
   * @param keyVersion version the blob was under
   * @param rewrapped the blob re-wrapped under a newer version by lazy rewrap, or null
   */
  public record Unwrapped(byte[] plaintext, String keyVersion, Wrapped rewrapped) {}

  /**
   * @param ciphertext the new envelope, or the presented ciphertext when not rewrapped
   * @param keyVersion version of {@code ciphertext}
   * @param rewrapped whether it moved to a newer version
   */
  public record Rewrapped(String ciphertext, String keyVersion, boolean rewrapped) {}

  /**
   * @param plaintext the new data key
   * @param wrapped the data key wrapped
   */
  public record DataKey(byte[] plaintext, Wrapped wrapped) {}
}
