package dev.keyshift.gateway.backend.local;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keyshift.gateway.config.BackendConfig;
import dev.keyshift.gateway.config.ResilienceConfig;
import dev.keyshift.routing.file.FieldProblem;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A {@code type: local} backend: software keys in a PKCS#12 keystore.
 *
 * @param keystore the PKCS#12 file (absolute)
 * @param passwordFile file holding the keystore password (absolute)
 * @param createMissingKeys whether keys that routing names but the keystore lacks are generated
 * @param timeoutSeconds ({@code timeout}) seconds a call may take, waiting for a worker included;
 *     default 5
 */
public record LocalBackendConfig(
    String type,
    Path keystore,
    Path passwordFile,
    Boolean createMissingKeys,
    @JsonProperty("timeout") Integer timeoutSeconds,
    ResilienceConfig resilience)
    implements BackendConfig {
  public static final String TYPE = "local";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  public LocalBackendConfig {
    FieldProblem.required(keystore, "keystore");
    FieldProblem.required(passwordFile, "password-file");
    createMissingKeys = Boolean.TRUE.equals(createMissingKeys);
    FieldProblem.optionalInt(timeoutSeconds, "timeout", 1, 300, 0);
  }

  /** A local backend with the default timeout and resilience. */
  public LocalBackendConfig(Path keystore, Path passwordFile, boolean createMissingKeys) {
    this(TYPE, keystore, passwordFile, createMissingKeys, null, null);
  }

  @Override
  public Duration timeout() {
    return BackendConfig.timeout(timeoutSeconds, DEFAULT_TIMEOUT);
  }
}
