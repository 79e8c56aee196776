package dev.keyshift.routing;

import java.util.Optional;

/**
 * State of a key version. The wire names are persisted in routing files and audit logs and never
 * change.
 */
public enum VersionState {
  /** Unwraps; receives new wraps in proportion to its weight. */
  ENABLED("enabled"),
  /** Weight 0 and refuses unwrap: the operator's last step before retiring a key. */
  DISABLED("disabled");

  private final String wireName;

  VersionState(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<VersionState> fromWireName(String name) {
    for (VersionState state : values()) {
      if (state.wireName.equals(name)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
