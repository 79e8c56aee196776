package dev.keyshift.gateway.backend.azure;

import dev.keyshift.gateway.backend.BackendContext;
import dev.keyshift.gateway.backend.BackendProvider;
import dev.keyshift.gateway.backend.KeyBackend;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@code type: azure-keyvault | azure-managedhsm}: keys in an Azure vault, by the Azure SDK. */
public final class AzureProvider implements BackendProvider<AzureBackendConfig> {
  @Override
  public List<String> typeNames() {
    return List.of(AzureBackendConfig.KEY_VAULT, AzureBackendConfig.MANAGED_HSM);
  }

  @Override
  public Class<AzureBackendConfig> configType() {
    return AzureBackendConfig.class;
  }

  @Override
  public Map<Class<?>, Function<String, String>> nestedTypes() {
    return Map.of(CredentialConfig.class, CredentialConfig::unknown);
  }

  @Override
  public Future<KeyBackend> open(AzureBackendConfig config, BackendContext context) {
    return AzureBackend.open(config, context);
  }
}
