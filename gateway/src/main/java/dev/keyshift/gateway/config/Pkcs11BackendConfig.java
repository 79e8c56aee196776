package dev.keyshift.gateway.config;

import java.nio.file.Path;

/**
 * A {@code type: pkcs11} backend: keys on a PKCS#11 token, through the JDK's SunPKCS11 provider.
 *
 * @param name backend name
 * @param library the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so
 * @param tokenLabel the token to use by label, or null with {@code slot}
 * @param slot the token's slot id, or null with {@code tokenLabel}
 * @param pinFile file holding the user PIN
 * @param createMissingKeys whether keys that routing names but the token lacks are generated on it
 */
public record Pkcs11BackendConfig(
    String name,
    Path library,
    String tokenLabel,
    Long slot,
    Path pinFile,
    boolean createMissingKeys)
    implements BackendConfig {}
