package dev.keyshift.gateway.backend;

import dev.keyshift.gateway.config.BackendConfig;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One type of backend: the {@code type} names its config entries use, the record they bind to, how
 * to open it, and, where keyshift creates the keys itself, the keys CLI's tools. A new backend type
 * is one new package with a provider, and one line in the provider list.
 *
 * @param <C> the config record
 */
public interface BackendProvider<C extends BackendConfig> {
  /** The {@code type} names, most often one. */
  List<String> typeNames();

  Class<C> configType();

  /**
   * Polymorphic types inside the config record (an Azure credential) with what a config naming an
   * unknown one of them is told.
   */
  default Map<Class<?>, Function<String, String>> nestedTypes() {
    return Map.of();
  }

  /** Opens the backend; blocking set-up runs on the context's worker pool. */
  Future<KeyBackend> open(C config, BackendContext context);

  /** The keys CLI's tools, or empty where the vault's own tools manage keys. */
  default Optional<KeyManagement> keyManagement(C config) {
    return Optional.empty();
  }
}
