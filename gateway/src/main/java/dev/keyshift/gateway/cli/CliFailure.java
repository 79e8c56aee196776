package dev.keyshift.gateway.cli;

/** A command that cannot complete; the message is printed as is, and the command exits 1. */
final class CliFailure extends RuntimeException {
  CliFailure(String message) {
    super(message, null, false, false);
  }
}
