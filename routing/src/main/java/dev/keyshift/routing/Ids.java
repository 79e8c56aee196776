package dev.keyshift.routing;

/** Identifiers of aliases and versions: {@code [a-z0-9][a-z0-9_-]{0,62}}. */
public final class Ids {
  /** The longest valid identifier. */
  public static final int MAX_LENGTH = 63;

  private Ids() {}

  /** Whether {@code id} is a valid alias or version identifier; {@code null} is not. */
  public static boolean isValid(String id) {
    // A loop rather than a regex: every envelope formatted or parsed checks two ids.
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH || !lowerOrDigit(id.charAt(0))) {
      return false;
    }
    for (int i = 1; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!lowerOrDigit(c) && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean lowerOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
