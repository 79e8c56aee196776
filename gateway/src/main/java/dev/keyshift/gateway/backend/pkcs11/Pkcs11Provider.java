package dev.keyshift.gateway.backend.pkcs11;

import dev.keyshift.gateway.backend.BackendContext;
import dev.keyshift.gateway.backend.BackendProvider;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.backend.KeyManagement;
import dev.keyshift.gateway.backend.KeyType;
import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;

/** {@code type: pkcs11}: keys on a PKCS#11 token; the keys CLI creates them never extractable. */
public final class Pkcs11Provider implements BackendProvider<Pkcs11BackendConfig> {
  @Override
  public List<String> typeNames() {
    return List.of(Pkcs11BackendConfig.TYPE);
  }

  @Override
  public Class<Pkcs11BackendConfig> configType() {
    return Pkcs11BackendConfig.class;
  }

  @Override
  public Future<KeyBackend> open(Pkcs11BackendConfig config, BackendContext context) {
    return Pkcs11Backend.open(config, context);
  }

  @Override
  public Optional<KeyManagement> keyManagement(Pkcs11BackendConfig config) {
    return Optional.of(
        new KeyManagement() {
          @Override
          public void create(String name, KeyType type) throws Exception {
            Pkcs11Token.open(config).generate(name, type);
          }

          @Override
          public List<String> list() throws Exception {
            return Pkcs11Token.open(config).list();
          }
        });
  }
}
