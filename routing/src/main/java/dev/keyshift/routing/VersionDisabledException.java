package dev.keyshift.routing;

/** The blob's key version was disabled by an operator and refuses unwrap. */
public final class VersionDisabledException extends DomainException {
  public VersionDisabledException(String alias, String version) {
    super("key version " + version + " of alias " + alias + " is disabled");
  }
}
