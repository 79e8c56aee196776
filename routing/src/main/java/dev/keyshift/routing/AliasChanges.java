package dev.keyshift.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The operator's edits of one alias, as pure functions. Each returns the edited alias with its
 * revision bumped, validated as every {@link Alias} is; the caller puts it into the routing ({@link
 * RoutingSnapshot#with}, which checks its backends) and checks the change ({@link
 * RoutingSnapshot#validateChangeFrom}), so the invariants and their messages live in one place.
 */
public final class AliasChanges {
  private AliasChanges() {}

  /**
   * Replaces every weight: versions the map does not name get weight 0.
   *
   * @throws InvalidRoutingException when the map names a version the alias does not have
   */
  public static Alias setWeights(Alias alias, Map<String, Integer> weights) {
    Set<String> unknown = new TreeSet<>(weights.keySet());
    List<KeyVersion> versions = new ArrayList<>();
    for (KeyVersion version : alias.versions()) {
      unknown.remove(version.id());
      versions.add(version.withWeight(weights.getOrDefault(version.id(), 0)));
    }
    if (!unknown.isEmpty()) {
      throw new InvalidRoutingException(
          "alias " + alias.name() + ": unknown version " + String.join(", ", unknown));
    }
    return bumped(alias, versions);
  }

  /** Appends a new, newest version ({@link KeyVersion#added} gives its defaults). */
  public static Alias addVersion(Alias alias, KeyVersion version) {
    List<KeyVersion> versions = new ArrayList<>(alias.versions());
    versions.add(version);
    return bumped(alias, versions);
  }

  /**
   * Enables or disables one version.
   *
   * @throws InvalidRoutingException when the alias has no such version
   */
  public static Alias setState(Alias alias, String versionId, VersionState state) {
    if (alias.version(versionId).isEmpty()) {
      throw new InvalidRoutingException("alias " + alias.name() + ": unknown version " + versionId);
    }
    List<KeyVersion> versions = new ArrayList<>();
    for (KeyVersion version : alias.versions()) {
      versions.add(version.id().equals(versionId) ? version.withState(state) : version);
    }
    return bumped(alias, versions);
  }

  /**
   * Sets one version's share of shadow wraps.
   *
   * @throws InvalidRoutingException when the alias has no such version, or the share is outside
   *     0-100
   */
  public static Alias setShadow(Alias alias, String versionId, int shadow) {
    KeyVersion version =
        alias
            .version(versionId)
            .orElseThrow(
                () ->
                    new InvalidRoutingException(
                        "alias " + alias.name() + ": unknown version " + versionId));
    return replaceVersion(alias, version.withShadow(shadow));
  }

  /**
   * Replaces one version by {@code replacement} (same id): a generated master key, a moved KEK.
   *
   * @throws InvalidRoutingException when the alias has no such version
   */
  public static Alias replaceVersion(Alias alias, KeyVersion replacement) {
    if (alias.version(replacement.id()).isEmpty()) {
      throw new InvalidRoutingException(
          "alias " + alias.name() + ": unknown version " + replacement.id());
    }
    List<KeyVersion> versions = new ArrayList<>();
    for (KeyVersion version : alias.versions()) {
      versions.add(version.id().equals(replacement.id()) ? replacement : version);
    }
    return bumped(alias, versions);
  }

  private static Alias bumped(Alias alias, List<KeyVersion> versions) {
    return alias.withVersions(versions).withRevision(alias.revision() + 1);
  }
}
