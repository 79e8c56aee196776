package dev.keyshift.routing;

import java.util.regex.Pattern;

/** Identifiers of aliases and versions: {@code [a-z0-9][a-z0-9_-]{0,62}}. */
public final class Ids {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  /** The longest valid identifier. */
  public static final int MAX_LENGTH = 63;

  private Ids() {}

  /** Whether {@code id} is a valid alias or version identifier; {@code null} is not. */
  public static boolean isValid(String id) {
    return id != null && id.length() <= MAX_LENGTH && ID.matcher(id).matches();
  }
}
