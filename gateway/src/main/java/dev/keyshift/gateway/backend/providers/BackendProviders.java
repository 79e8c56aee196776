package dev.keyshift.gateway.backend.providers;

import dev.keyshift.gateway.backend.BackendContext;
import dev.keyshift.gateway.backend.BackendProvider;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.backend.KeyManagement;
import dev.keyshift.gateway.backend.azure.AzureProvider;
import dev.keyshift.gateway.backend.local.LocalProvider;
import dev.keyshift.gateway.backend.pkcs11.Pkcs11Provider;
import dev.keyshift.gateway.config.BackendConfig;
import dev.keyshift.gateway.config.BackendTypes;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The backend types of this build: the one place that names them. */
public final class BackendProviders {
  /** Every provider, in the order the config error for an unknown type lists them. */
  public static final List<BackendProvider<?>> ALL =
      List.of(new LocalProvider(), new Pkcs11Provider(), new AzureProvider());

  private BackendProviders() {}

  /** The type names and config records, for the config loader. */
  public static BackendTypes types() {
    Map<String, Class<? extends BackendConfig>> byName = new LinkedHashMap<>();
    Map<Class<?>, Function<String, String>> nested = new HashMap<>();
    for (BackendProvider<?> provider : ALL) {
      provider.typeNames().forEach(name -> byName.put(name, provider.configType()));
      nested.putAll(provider.nestedTypes());
    }
    return new BackendTypes(byName, nested);
  }

  /** Opens the backend a config entry describes. */
  public static Future<KeyBackend> open(BackendConfig config, BackendContext context) {
    return open(providerOf(config), config, context);
  }

  /**
   * The keys CLI's tools for a backend.
   *
   * @throws IllegalArgumentException when its keys are managed with the vault's own tools
   */
  public static KeyManagement keyManagement(String name, BackendConfig config) {
    return keyManagement(providerOf(config), config)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "backend "
                        + name
                        + " manages its keys itself (use the vault's own tools); keys works on local and pkcs11 backends"));
  }

  private static <C extends BackendConfig> Future<KeyBackend> open(
      BackendProvider<C> provider, BackendConfig config, BackendContext context) {
    return provider.open(provider.configType().cast(config), context);
  }

  private static <C extends BackendConfig> java.util.Optional<KeyManagement> keyManagement(
      BackendProvider<C> provider, BackendConfig config) {
    return provider.keyManagement(provider.configType().cast(config));
  }

  private static BackendProvider<?> providerOf(BackendConfig config) {
    for (BackendProvider<?> provider : ALL) {
      if (provider.configType().isInstance(config)) {
        return provider;
      }
    }
    throw new IllegalArgumentException("no provider for backend type " + config.type());
  }
}
