package dev.keyshift.routing;

import java.util.Optional;

/**
 * Key-wrap algorithms, named as JOSE and Azure spell them. Names are persisted in routing files.
 */
public enum Algorithm {
  /** AES-256 key wrap, RFC 3394: plaintext of 16 bytes or more, a multiple of 8. */
  A256KW("A256KW"),
  /** AES-256 key wrap with padding, RFC 5649: any non-empty plaintext. */
  A256KWP("A256KWP"),
  /** AES-256-GCM with a random 96-bit nonce. */
  A256GCM("A256GCM"),
  /** RSA-OAEP with SHA-256 and MGF1-SHA-256. */
  RSA_OAEP_256("RSA-OAEP-256"),
  /** RSA-OAEP with SHA-1 and MGF1-SHA-1: Key Vault's long-time default, so many legacy blobs. */
  RSA_OAEP("RSA-OAEP");

  /** The largest plaintext any algorithm accepts; DEKs and small secrets are far below it. */
  public static final int MAX_PLAINTEXT_BYTES = 8192;

  private final String wireName;

  Algorithm(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Algorithm> fromWireName(String name) {
    for (Algorithm algorithm : values()) {
      if (algorithm.wireName.equals(name)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }

  public boolean isRsa() {
    return this == RSA_OAEP_256 || this == RSA_OAEP;
  }

  /**
   * Why this algorithm refuses a plaintext of {@code length} bytes, or empty if it accepts it. RSA
   * key sizes bound plaintexts further; the backend that holds the key checks that.
   */
  public Optional<String> plaintextProblem(int length) {
    return plaintextProblem(length, "plaintext");
  }

  /** {@link #plaintextProblem(int)}, naming what the caller sent ({@code "data key"}). */
  public Optional<String> plaintextProblem(int length, String what) {
    if (length < 1 || length > MAX_PLAINTEXT_BYTES) {
      return Optional.of(what + " must be 1 to " + MAX_PLAINTEXT_BYTES + " bytes");
    }
    if (this == A256KW && (length < 16 || length % 8 != 0)) {
      return Optional.of("A256KW needs a " + what + " of 16 bytes or more, a multiple of 8");
    }
    return Optional.empty();
  }
}
