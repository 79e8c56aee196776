package dev.keyshift.gateway.backend.local;

import dev.keyshift.gateway.backend.KeyType;
import dev.keyshift.gateway.config.SecretFiles;
import dev.keyshift.routing.Algorithm;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/**
 * A PKCS#12 keystore loaded into memory once. All methods but {@link #get} do file I/O or key
 * generation and must run off the event loop.
 */
final class LocalKeyStore {
  static final int RSA_BITS = KeyType.RSA_BITS;

  private final Path file;
  private final char[] password;
  private final KeyStore store;
  private final Map<String, LocalKey> keys = new ConcurrentHashMap<>();

  private LocalKeyStore(Path file, char[] password, KeyStore store) {
    this.file = file;
    this.password = password;
    this.store = store;
  }

  /** Loads the keystore, or starts an empty one when it does not exist and {@code create}. */
  static LocalKeyStore open(Path file, Path passwordFile, boolean create)
      throws IOException, GeneralSecurityException {
    char[] password = SecretFiles.read(passwordFile).toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    if (Files.exists(file)) {
      store.load(new ByteArrayInputStream(Files.readAllBytes(file)), password);
    } else if (create) {
      store.load(null, password);
    } else {
      throw new IOException(
          "keystore " + file + " does not exist (set create-missing-keys: true to create it)");
    }
    LocalKeyStore keyStore = new LocalKeyStore(file, password, store);
    for (String alias : Collections.list(store.aliases())) {
      keyStore.loadEntry(alias);
    }
    return keyStore;
  }

  /** The key of that name, if loaded; never blocks. */
  LocalKey get(String name) {
    return keys.get(name);
  }

  /**
   * The key for a version, created (and the keystore saved) when missing and {@code create}.
   *
   * @throws GeneralSecurityException when the key is missing or of the wrong kind
   */
  synchronized LocalKey ensure(String name, Algorithm algorithm, boolean create)
      throws IOException, GeneralSecurityException {
    LocalKey key = keys.get(name);
    if (key == null && !create) {
      throw new GeneralSecurityException("key '" + name + "' is not in " + file.getFileName());
    }
    if (key == null) {
      key = add(name, KeyType.of(algorithm));
    }
    if (!fits(key, algorithm)) {
      throw new GeneralSecurityException(
          "key '" + name + "' cannot be used for " + algorithm.wireName());
    }
    return key;
  }

  /** Creates a key and saves the keystore. */
  synchronized void create(String name, KeyType type) throws IOException, GeneralSecurityException {
    if (keys.containsKey(name)) {
      throw new GeneralSecurityException("the keystore already has a key named '" + name + "'");
    }
    add(name, type);
  }

  /** Generates a key, loads it and saves the keystore. */
  private LocalKey add(String name, KeyType type) throws IOException, GeneralSecurityException {
    type.generateInto(store, name, null, new KeyStore.PasswordProtection(password));
    loadEntry(name);
    save();
    return keys.get(name);
  }

  /** Key names with their kind ({@code aes} or {@code rsa}), sorted. */
  List<String> list() {
    List<String> names = new ArrayList<>();
    keys.forEach(
        (name, key) -> names.add(name + "\t" + (key instanceof LocalKey.Aes ? "aes" : "rsa")));
    Collections.sort(names);
    return names;
  }

  private static boolean fits(LocalKey key, Algorithm algorithm) {
    return switch (algorithm) {
      case A256KW, A256KWP, A256GCM ->
          key instanceof LocalKey.Aes aes && aes.secret().getEncoded().length == 32;
      case RSA_OAEP_256, RSA_OAEP -> key instanceof LocalKey.Rsa;
    };
  }

  private void loadEntry(String alias) throws GeneralSecurityException {
    Key key = store.getKey(alias, password);
    if (key instanceof SecretKey secret) {
      keys.put(alias, new LocalKey.Aes(secret));
    } else if (key instanceof PrivateKey privateKey) {
      keys.put(alias, new LocalKey.Rsa(privateKey, store.getCertificate(alias).getPublicKey()));
    }
  }

  private void save() throws IOException, GeneralSecurityException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.store(out, password);
    SecretFiles.writeAtomically(file, out.toByteArray());
  }
}
