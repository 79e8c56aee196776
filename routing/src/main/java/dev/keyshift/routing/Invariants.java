package dev.keyshift.routing;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The routing invariants, each failing with an {@link InvalidRoutingException} whose message names
 * it. {@link Alias} checks its own on construction, {@link RoutingSnapshot} the backends and every
 * change from the routing before.
 */
final class Invariants {
  private Invariants() {}

  /** What an alias must hold on its own. */
  static void checkAlias(String name, String legacy, List<KeyVersion> versions) {
    require(Ids.isValid(name), "alias id '%s' is not valid ([a-z0-9][a-z0-9_-]{0,62})", name);
    require(!versions.isEmpty(), "alias %s has no versions", name);
    Set<String> seen = new HashSet<>();
    long totalWeight = 0;
    for (KeyVersion version : versions) {
      checkVersion(name, version);
      require(seen.add(version.id()), "alias %s: version id %s is used twice", name, version.id());
      totalWeight += version.weight();
    }
    require(totalWeight > 0, "alias %s: weights are all zero", name);
    require(
        legacy == null || seen.contains(legacy),
        "alias %s: legacy names unknown version %s",
        name,
        legacy);
  }

  static void checkKept(Alias before, Alias after) {
    require(
        after != null,
        "alias %s cannot be removed: its envelopes must stay readable",
        before.name());
    for (KeyVersion old : before.versions()) {
      KeyVersion now = after.version(old.id()).orElse(null);
      require(
          now != null,
          "alias %s: version %s cannot be removed (disable it instead)",
          before.name(),
          old.id());
      require(
          now.sameKeyAs(old),
          "alias %s: version %s cannot be remapped to another key (add a new version)",
          before.name(),
          old.id());
    }
    require(
        before.legacy() == null || before.legacy().equals(after.legacy()),
        "alias %s: the legacy version cannot change once set",
        before.name());
  }

  /** What an alias filed under {@code name} in a routing with these backends must hold. */
  static void checkInRouting(String name, Alias alias, Set<String> backends) {
    require(name.equals(alias.name()), "alias %s is filed under another name", name);
    for (KeyVersion version : alias.versions()) {
      require(
          backends.contains(version.backend()),
          "alias %s: version %s names unknown backend %s",
          name,
          version.id(),
          version.backend());
    }
  }

  private static void checkVersion(String alias, KeyVersion version) {
    String id = version.id();
    require(Ids.isValid(id), "alias %s: version id '%s' is not valid", alias, id);
    require(!version.key().isBlank(), "alias %s: version %s has no key name", alias, id);
    require(version.weight() >= 0, "alias %s: version %s has a negative weight", alias, id);
    require(
        version.isEnabled() || version.weight() == 0,
        "alias %s: version %s is disabled but has weight %d",
        alias,
        id,
        version.weight());
    require(
        version.shadow() >= 0 && version.shadow() <= 100,
        "alias %s: version %s has shadow %d (a percentage: 0 to 100)",
        alias,
        id,
        version.shadow());
    require(
        version.isEnabled() || version.shadow() == 0,
        "alias %s: version %s is disabled but has shadow %d",
        alias,
        id,
        version.shadow());
  }

  private static void require(boolean holds, String format, Object... args) {
    if (!holds) {
      throw new InvalidRoutingException(String.format(format, args));
    }
  }
}
