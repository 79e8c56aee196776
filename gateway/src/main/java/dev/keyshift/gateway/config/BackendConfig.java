package dev.keyshift.gateway.config;

/** One configured key backend. Each type has its own record. */
public sealed interface BackendConfig
    permits LocalBackendConfig, AzureBackendConfig, Pkcs11BackendConfig {
  /** The backend's name, as routing versions refer to it. */
  String name();
}
