package dev.keyshift.routing;

import java.util.Objects;

/**
 * One concrete key on one backend. A version id is never reused or remapped: envelopes in the wild
 * name it forever.
 *
 * @param id version id, unique within its alias
 * @param backend name of the backend that holds the key
 * @param key the key's name (and version) on that backend
 * @param algorithm how the key wraps
 * @param weight share of new wraps, relative to the other versions' weights; 0 = decrypt-only
 * @param state whether the version may be used at all
 */
public record KeyVersion(
    String id, String backend, String key, Algorithm algorithm, int weight, VersionState state) {

  public KeyVersion {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(state, "state");
  }

  /** A version as the operator adds it: newest, enabled, weight 0 until weights move to it. */
  public static KeyVersion added(String id, String backend, String key, Algorithm algorithm) {
    return new KeyVersion(id, backend, key, algorithm, 0, VersionState.ENABLED);
  }

  /**
   * Refuses a plaintext this version's algorithm cannot wrap. RSA key sizes bound plaintexts
   * further; the backend that holds the key checks that.
   *
   * @throws InvalidPlaintextException naming the version and the rule
   */
  public void checkPlaintext(int plaintextBytes) {
    checkPlaintext(plaintextBytes, "plaintext");
  }

  /** {@link #checkPlaintext(int)}, naming what the caller sent ({@code "data key"}). */
  public void checkPlaintext(int plaintextBytes, String what) {
    algorithm
        .plaintextProblem(plaintextBytes, what)
        .ifPresent(
            problem -> {
              throw new InvalidPlaintextException(problem + " (version " + id + ")");
            });
  }

  public boolean isEnabled() {
    return state == VersionState.ENABLED;
  }

  public KeyVersion withWeight(int newWeight) {
    return new KeyVersion(id, backend, key, algorithm, newWeight, state);
  }

  public KeyVersion withState(VersionState newState) {
    return new KeyVersion(id, backend, key, algorithm, weight, newState);
  }

  /** Whether {@code other} names the same key the same way (weight and state aside). */
  public boolean sameKeyAs(KeyVersion other) {
    return backend.equals(other.backend) && key.equals(other.key) && algorithm == other.algorithm;
  }
}
