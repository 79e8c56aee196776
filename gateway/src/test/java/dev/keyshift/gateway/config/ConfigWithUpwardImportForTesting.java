package dev.keyshift.gateway.config;

import dev.keyshift.gateway.backend.KeyBackend;

/**
 * A mutation for the architecture test: a config class importing the backend SPI, one rung up. Test
 * sources only; the rules over the product never see it.
 */
public final class ConfigWithUpwardImportForTesting {
  private ConfigWithUpwardImportForTesting() {}

  /** The upward import. */
  public static String backendName(KeyBackend backend) {
    return backend.name();
  }
}
