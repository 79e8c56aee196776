package dev.keyshift.gateway.backend.local;

import dev.keyshift.gateway.backend.BackendContext;
import dev.keyshift.gateway.backend.BackendProvider;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.backend.KeyManagement;
import dev.keyshift.gateway.backend.KeyType;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** {@code type: local}: software keys in a PKCS#12 keystore. */
public final class LocalProvider implements BackendProvider<LocalBackendConfig> {
  @Override
  public List<String> typeNames() {
    return List.of(LocalBackendConfig.TYPE);
  }

  @Override
  public Class<LocalBackendConfig> configType() {
    return LocalBackendConfig.class;
  }

  @Override
  public Future<KeyBackend> open(LocalBackendConfig config, BackendContext context) {
    return LocalBackend.open(config, context);
  }

  @Override
  public Optional<KeyManagement> keyManagement(LocalBackendConfig config) {
    return Optional.of(
        new KeyManagement() {
          @Override
          public void create(String name, KeyType type) throws Exception {
            LocalKeyStore.open(config.keystore(), config.passwordFile(), true).create(name, type);
          }

          @Override
          public List<String> list() throws Exception {
            return LocalKeyStore.open(config.keystore(), config.passwordFile(), false).list();
          }
        });
  }
}
