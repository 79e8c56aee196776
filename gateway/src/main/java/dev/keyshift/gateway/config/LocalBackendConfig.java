package dev.keyshift.gateway.config;

import java.nio.file.Path;

/**
 * A {@code type: local} backend: software keys in a PKCS#12 keystore.
 *
 * @param name backend name
 * @param keystore the PKCS#12 file (absolute)
 * @param passwordFile file holding the keystore password (absolute)
 * @param createMissingKeys whether keys that routing names but the keystore lacks are generated
 */
public record LocalBackendConfig(
    String name, Path keystore, Path passwordFile, boolean createMissingKeys)
    implements BackendConfig {}
