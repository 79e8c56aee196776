package dev.keyshift.routing.file;

/** A YAML document that does not have the expected shape; the message names field and problem. */
public final class FileFormatException extends RuntimeException {
  private final String field;
  private final String problem;

  public FileFormatException(String field, String problem) {
    super(field + ": " + problem, null, false, false);
    this.field = field;
    this.problem = problem;
  }

  /** Dotted path of the offending field, e.g. {@code aliases.orders.versions[1].weight}. */
  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }
}
