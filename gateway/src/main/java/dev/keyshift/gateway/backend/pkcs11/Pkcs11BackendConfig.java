package dev.keyshift.gateway.backend.pkcs11;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyshift.gateway.config.BackendConfig;
import dev.keyshift.gateway.config.ResilienceConfig;
import dev.keyshift.gateway.config.TlsConfig;
import dev.keyshift.routing.file.FieldProblem;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@code type: pkcs11} backend: keys on a PKCS#11 token, through the JDK's SunPKCS11 provider.
 *
 * @param library the PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so
 * @param tokenLabel the token to use by label, or null with {@code slot}
 * @param slot the token's slot id, or null with {@code tokenLabel}
 * @param pinFile file holding the user PIN
 * @param createMissingKeys whether keys that routing names but the token lacks are generated on it
 * @param timeoutSeconds ({@code timeout}) seconds a call may take, waiting for a worker included;
 *     default 5
 */
public record Pkcs11BackendConfig(
    String type,
    Path library,
    String tokenLabel,
    Long slot,
    Path pinFile,
    Boolean createMissingKeys,
    @JsonProperty("timeout") Integer timeoutSeconds,
    ResilienceConfig resilience)
    implements BackendConfig {
  public static final String TYPE = "pkcs11";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public Pkcs11BackendConfig {
    TlsConfig.readable(library, "library");
    FieldProblem.check(
        (tokenLabel == null) != (slot == null), "", "give either token-label or slot");
    FieldProblem.optionalText(tokenLabel, "token-label");
    FieldProblem.check(slot == null || slot >= 0, "slot", "must be between 0 and 2147483647");
    TlsConfig.readable(pinFile, "pin-file");
    createMissingKeys = Boolean.TRUE.equals(createMissingKeys);
    FieldProblem.optionalInt(timeoutSeconds, "timeout", 1, 300, 0);
  }

  /** A PKCS#11 backend with the default timeout and resilience. */
  public Pkcs11BackendConfig(
      Path library, String tokenLabel, Long slot, Path pinFile, boolean createMissingKeys) {
    this(TYPE, library, tokenLabel, slot, pinFile, createMissingKeys, null, null);
  }

  @Override
  public Duration timeout() {
    return BackendConfig.timeout(timeoutSeconds, DEFAULT_TIMEOUT);
  }
}
