package dev.keyshift.routing;

import java.util.ArrayList;
import java.util.List;

/** Small builders for domain tests. */
final class Fixtures {
  private Fixtures() {}

  static KeyVersion version(String id, int weight) {
    return new KeyVersion(id, "dev", id + "-key", Algorithm.A256KW, weight, VersionState.ENABLED);
  }

  /** An alias with versions v1..vN, oldest first, carrying the given weights. */
  static Alias alias(String name, int... weights) {
    List<KeyVersion> versions = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      versions.add(version("v" + (i + 1), weights[i]));
    }
    return new Alias(name, true, null, versions);
  }
}
