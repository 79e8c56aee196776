package dev.keyshift.gateway.store;

/**
 * Named steps of a routing change where a crash test can stop the process as SIGKILL would (no
 * shutdown hooks, no flushing): start a gateway with {@code -Dkeyshift.crash-at-for-testing=STEP}.
 * Unset, each check is one property read per routing change.
 */
final class CrashPointsForTesting {
  static final String PROPERTY = "keyshift.crash-at-for-testing";

  static final String AFTER_AUDIT = "after-audit";
  static final String AFTER_TEMP_FILE = "after-temp-file";
  static final String AFTER_RENAME = "after-rename";

  private CrashPointsForTesting() {}

  static void reached(String step) {
    if (step.equals(System.getProperty(PROPERTY))) {
      Runtime.getRuntime().halt(137);
    }
  }
}
