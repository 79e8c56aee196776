package dev.keyshift.routing;

import java.util.Optional;

/** Key operations a client token may be allowed; the names appear in config, paths and metrics. */
public enum Operation {
  WRAP("wrap"),
  UNWRAP("unwrap"),
  REWRAP("rewrap"),
  DATAKEY("datakey");

  private final String wireName;

  Operation(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<Operation> fromWireName(String name) {
    for (Operation operation : values()) {
      if (operation.wireName.equals(name)) {
        return Optional.of(operation);
      }
    }
    return Optional.empty();
  }
}
