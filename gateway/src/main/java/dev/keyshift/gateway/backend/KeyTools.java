package dev.keyshift.gateway.backend;

import dev.keyshift.gateway.backend.local.LocalBackend;
import dev.keyshift.gateway.backend.pkcs11.Pkcs11Backend;
import dev.keyshift.gateway.config.BackendConfig;
import dev.keyshift.gateway.config.LocalBackendConfig;
import dev.keyshift.gateway.config.Pkcs11BackendConfig;
import java.util.List;

/**
 * Key management for backends whose keys the gateway can create: {@code local} and {@code pkcs11}.
 * Blocking; for the CLI, not for a running gateway.
 */
public final class KeyTools {
  private KeyTools() {}

  /** Creates a key: {@code aes-256} or {@code rsa-3072}. */
  public static void create(BackendConfig backend, String name, String type) throws Exception {
    if (backend instanceof LocalBackendConfig local) {
      LocalBackend.createKey(local, name, type);
    } else if (backend instanceof Pkcs11BackendConfig pkcs11) {
      Pkcs11Backend.createKey(pkcs11, name, type);
    } else {
      throw new IllegalArgumentException(unsupported(backend));
    }
  }

  /** The backend's keys, one {@code name<TAB>kind} each, sorted. */
  public static List<String> list(BackendConfig backend) throws Exception {
    if (backend instanceof LocalBackendConfig local) {
      return LocalBackend.listKeys(local);
    }
    if (backend instanceof Pkcs11BackendConfig pkcs11) {
      return Pkcs11Backend.listKeys(pkcs11);
    }
    throw new IllegalArgumentException(unsupported(backend));
  }

  private static String unsupported(BackendConfig backend) {
    return "backend "
        + backend.name()
        + " manages its keys itself (use the vault's own tools); keys works on local and pkcs11 backends";
  }
}
