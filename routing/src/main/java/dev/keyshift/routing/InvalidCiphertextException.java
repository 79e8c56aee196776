package dev.keyshift.routing;

/**
 * Anything wrong with a ciphertext: malformed, tampered, truncated, foreign or unknown. The message
 * never says which check failed.
 */
public final class InvalidCiphertextException extends DomainException {
  public InvalidCiphertextException() {
    super("the ciphertext is not valid for this alias");
  }
}
