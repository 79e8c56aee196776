package dev.keyshift.gateway.config;

/** A configuration that cannot start the gateway: one line naming file, field and problem. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String file, String field, String problem) {
    super(file + ": " + field + ": " + problem, null, false, false);
  }
}
