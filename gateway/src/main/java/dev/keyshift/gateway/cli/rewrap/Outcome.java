package dev.keyshift.gateway.cli.rewrap;

/**
 * What became of one row.
 *
 * @param found the version the row's blob was on when read ({@value #LEGACY} for a blob that is not
 *     an envelope), or null when that is not known
 * @param blob the blob the row holds now
 * @param version the version it is on now, or null when not known
 * @param problem why the row was not moved, for the report; null when it was or needed not be
 */
record Outcome(Kind kind, String found, String blob, String version, String problem) {
  static final String LEGACY = "legacy";

  enum Kind {
    /** Moved to a newer version and written back. */
    REWRAPPED("rewrapped"),
    /** Already on the version routing selects: nothing to move. */
    CURRENT("already current"),
    /** The application changed the row meanwhile; left as it is. */
    CONFLICT("conflicts"),
    /** Could not be moved (after retries); left as it is. */
    FAILED("failed"),
    /** Not a blob of this alias (garbage, another alias's envelope); left as it is. */
    INVALID("invalid"),
    /** No blob (NULL, empty). */
    EMPTY("empty"),
    /** Counted by a dry run. */
    SEEN("seen");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  static Outcome seen(String found, String blob) {
    return new Outcome(Kind.SEEN, found, blob, found, null);
  }

  static Outcome invalid(String found, String blob, String problem) {
    return new Outcome(Kind.INVALID, found, blob, null, problem);
  }

  static Outcome empty() {
    return new Outcome(Kind.EMPTY, null, null, null, null);
  }

  static Outcome failed(String found, String blob, String problem) {
    return new Outcome(Kind.FAILED, found, blob, found, problem);
  }

  /** A moved row the application had changed: it keeps what the application wrote. */
  Outcome conflicted(String original) {
    return new Outcome(
        Kind.CONFLICT, found, original, found, "changed by the application meanwhile");
  }
}
