package dev.keyshift.routing.file;

/**
 * A bound value that breaks a rule of its file, thrown from a record's compact constructor or a
 * value's deserializer. {@link YamlBinding} prefixes the field with the path of the record it was
 * thrown in, so the message names the whole field path.
 */
public final class FieldProblem extends RuntimeException {
  private final String field;
  private final String problem;

  /**
   * @param field the field, relative to the record being built; empty for the record itself
   * @param problem what is wrong, phrased to follow the field's name
   */
  public FieldProblem(String field, String problem) {
    super(field + ": " + problem, null, false, false);
    this.field = field;
    this.problem = problem;
  }

  public String field() {
    return field;
  }

  public String problem() {
    return problem;
  }

  /** Fails unless {@code holds}. */
  public static void check(boolean holds, String field, String problem) {
    if (!holds) {
      throw new FieldProblem(field, problem);
    }
  }

  /** The value, or "is required" when it is absent. */
  public static <T> T required(T value, String field) {
    check(value != null, field, "is required");
    return value;
  }

  /** A present, non-blank string. */
  public static String requiredText(String value, String field) {
    check(!required(value, field).isBlank(), field, "must not be empty");
    return value;
  }

  /** An absent string, or a non-blank one. */
  public static String optionalText(String value, String field) {
    return value == null ? null : requiredText(value, field);
  }

  /** A present whole number in [min, max]. */
  public static int requiredInt(Integer value, String field, int min, int max) {
    check(required(value, field) >= min && value <= max, field, between(min, max));
    return value;
  }

  /** An absent whole number (the fallback), or one in [min, max]. */
  public static int optionalInt(Integer value, String field, int min, int max, int fallback) {
    return value == null ? fallback : requiredInt(value, field, min, max);
  }

  private static String between(int min, int max) {
    return "must be between " + min + " and " + max;
  }
}
