package dev.keyshift.routing;

import java.util.Objects;

/**
 * What makes a version hierarchical: its key (the KEK) wraps a master key that keyshift generated,
 * and blobs are sealed under the master key locally. Only the wrapped master key is ever kept.
 *
 * @param masterKeyId names the master key for good: moving the KEK keeps it, so blobs and caches
 *     keyed by it stay valid; null until the master key is generated
 * @param wrappedMasterKey the master key wrapped by the version's KEK, unpadded base64url; null
 *     until generated
 * @param previous the KEK the master key was wrapped by before the last move, kept until the
 *     operator drops it; or null
 */
public record Hierarchy(String masterKeyId, String wrappedMasterKey, PreviousKek previous) {

  /** A hierarchy declared (in a routing file) whose master key is still to be generated. */
  public static final Hierarchy PENDING = new Hierarchy(null, null, null);

  public Hierarchy {
    if ((masterKeyId == null) != (wrappedMasterKey == null)) {
      throw new InvalidRoutingException(
          "a hierarchical version has both a master-key-id and a master-key, or neither yet");
    }
    if (masterKeyId != null && !Ids.isValid(masterKeyId)) {
      throw new InvalidRoutingException("master-key-id must match [a-z0-9][a-z0-9_-]{0,62}");
    }
    if (wrappedMasterKey != null && Base64Text.decodeUrlUnpadded(wrappedMasterKey).isEmpty()) {
      throw new InvalidRoutingException("master-key must be unpadded base64url");
    }
    if (previous != null && masterKeyId == null) {
      throw new InvalidRoutingException("a previous KEK needs a master key");
    }
  }

  /** Whether the master key is still to be generated. */
  public boolean pending() {
    return masterKeyId == null;
  }

  /** The wrapped master key's bytes. */
  public byte[] wrappedBytes() {
    return Base64Text.decodeUrlUnpadded(Objects.requireNonNull(wrappedMasterKey)).orElseThrow();
  }

  /**
   * The KEK a master key was wrapped by before a move, with that wrapping.
   *
   * @param wrappedMasterKey unpadded base64url
   */
  public record PreviousKek(
      String backend, String key, Algorithm algorithm, String wrappedMasterKey) {
    public PreviousKek {
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(algorithm, "algorithm");
      Objects.requireNonNull(wrappedMasterKey, "wrappedMasterKey");
    }
  }
}
