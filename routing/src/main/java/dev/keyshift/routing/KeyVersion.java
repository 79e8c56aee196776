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
 * @param hierarchy for a hierarchical version (its key is a KEK wrapping a master key), the master
 *     key's wrapping; null for a version whose key wraps each blob itself
 * @param shadow percentage (0-100) of the alias's wraps also wrapped and unwrapped on this version,
 *     after the client has its answer, to prove it under real traffic; the results are discarded
 */
public record KeyVersion(
    String id,
    String backend,
    String key,
    Algorithm algorithm,
    int weight,
    VersionState state,
    Hierarchy hierarchy,
    int shadow) {

  public KeyVersion {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(state, "state");
  }

  /** A version without shadow wraps. */
  public KeyVersion(
      String id,
      String backend,
      String key,
      Algorithm algorithm,
      int weight,
      VersionState state,
      Hierarchy hierarchy) {
    this(id, backend, key, algorithm, weight, state, hierarchy, 0);
  }

  /** A version whose key wraps each blob itself. */
  public KeyVersion(
      String id, String backend, String key, Algorithm algorithm, int weight, VersionState state) {
    this(id, backend, key, algorithm, weight, state, null);
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
    // A hierarchical version seals with AES-GCM under its master key, whatever its KEK wraps.
    (isHierarchical() ? Algorithm.A256GCM : algorithm)
        .plaintextProblem(plaintextBytes, what)
        .ifPresent(
            problem -> {
              throw new InvalidPlaintextException(problem + " (version " + id + ")");
            });
  }

  public boolean isEnabled() {
    return state == VersionState.ENABLED;
  }

  public boolean isHierarchical() {
    return hierarchy != null;
  }

  public KeyVersion withWeight(int newWeight) {
    return new KeyVersion(id, backend, key, algorithm, newWeight, state, hierarchy, shadow);
  }

  public KeyVersion withState(VersionState newState) {
    return new KeyVersion(id, backend, key, algorithm, weight, newState, hierarchy, shadow);
  }

  public KeyVersion withShadow(int newShadow) {
    return new KeyVersion(id, backend, key, algorithm, weight, state, hierarchy, newShadow);
  }

  /** This version with {@code newHierarchy} (a generated master key). */
  public KeyVersion withHierarchy(Hierarchy newHierarchy) {
    return new KeyVersion(id, backend, key, algorithm, weight, state, newHierarchy, shadow);
  }

  /** This hierarchical version with its master key wrapped by another KEK. */
  public KeyVersion withKek(
      String newBackend, String newKey, Algorithm newAlgorithm, Hierarchy newHierarchy) {
    return new KeyVersion(
        id, newBackend, newKey, newAlgorithm, weight, state, newHierarchy, shadow);
  }

  /**
   * Whether {@code other} protects blobs with the same key (weight and state aside). A hierarchical
   * version's blobs depend on its master key only: its KEK may move, and a declared master key may
   * be generated, but the master key may not change once generated.
   */
  public boolean sameKeyAs(KeyVersion other) {
    if (isHierarchical() != other.isHierarchical()) {
      return false;
    }
    if (isHierarchical() && !hierarchy.pending() && !other.hierarchy.pending()) {
      return hierarchy.masterKeyId().equals(other.hierarchy.masterKeyId());
    }
    return backend.equals(other.backend) && key.equals(other.key) && algorithm == other.algorithm;
  }
}
