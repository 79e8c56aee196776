package dev.keyshift.gateway.cli.rewrap;

/**
 * A job that cannot start or go on (bad usage, a source or gateway that refuses it): one line, and
 * exit {@value #EXIT}. Rows already written stay written; the checkpoint says where to resume.
 */
public final class JobFailure extends RuntimeException {
  public static final int EXIT = 2;

  public JobFailure(String message) {
    super(message, null, false, false);
  }
}
