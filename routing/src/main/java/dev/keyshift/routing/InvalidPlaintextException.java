package dev.keyshift.routing;

/** A plaintext whose size the version's algorithm or key does not allow. */
public final class InvalidPlaintextException extends DomainException {
  public InvalidPlaintextException(String message) {
    super(message);
  }
}
