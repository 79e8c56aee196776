package dev.keyshift.gateway.backend.pkcs11;

import dev.keyshift.gateway.backend.KeyType;
import dev.keyshift.gateway.config.SecretFiles;
import dev.keyshift.routing.Algorithm;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/**
 * One PKCS#11 token through its own SunPKCS11 provider, logged in, with keys looked up once. Keys
 * it generates are token objects, sensitive and never extractable (the provider's templates say
 * so). Every method blocks (JNI into the module): call from the worker pool only.
 */
final class Pkcs11Token {
  private static final String NEVER_EXTRACTABLE =
      "{\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n";

  private final Pkcs11BackendConfig config;
  private final Provider provider;
  private volatile KeyStore store;
  private final Map<String, Key[]> keys = new ConcurrentHashMap<>();

  private Pkcs11Token(Pkcs11BackendConfig config, Provider provider) {
    this.config = config;
    this.provider = provider;
  }

  static Pkcs11Token open(Pkcs11BackendConfig config) throws Exception {
    long slot =
        config.slot() != null
            ? config.slot()
            : TokenSlots.slotOf(config.library(), config.tokenLabel());
    Provider provider = Security.getProvider("SunPKCS11").configure(providerConfig(config, slot));
    Pkcs11Token token = new Pkcs11Token(config, provider);
    token.login();
    return token;
  }

  Provider provider() {
    return provider;
  }

  /** One cheap round trip to the token (C_GenerateRandom); fails when the token does not answer. */
  void ping() throws GeneralSecurityException {
    java.security.SecureRandom.getInstance("PKCS11", provider).nextBytes(new byte[1]);
  }

  /**
   * Logs in (again) and refreshes the prepared keys' handles; SunPKCS11 keeps its session pool
   * across it.
   */
  synchronized void login() throws Exception {
    KeyStore fresh = KeyStore.getInstance("PKCS11", provider);
    fresh.load(null, SecretFiles.read(config.pinFile()).toCharArray());
    store = fresh;
    // Object handles do not outlive a lost login: look the prepared keys up again.
    for (String name : keys.keySet()) {
      keys.put(name, load(name));
    }
  }

  /** The key (and, for RSA, its public half) of a version; created when missing and allowed. */
  synchronized Key[] ensure(String name, Algorithm algorithm, boolean create) throws Exception {
    Key[] key = keys.get(name);
    if (key == null && store.containsAlias(name)) {
      key = load(name);
    }
    if (key == null && !create) {
      throw new GeneralSecurityException("key '" + name + "' is not on the token");
    }
    if (key == null) {
      KeyType.of(algorithm).generateInto(store, name, provider, null);
      key = load(name);
    }
    boolean rsa = key.length == 2;
    if (rsa != algorithm.isRsa()) {
      throw new GeneralSecurityException(
          "key '" + name + "' cannot be used for " + algorithm.wireName());
    }
    keys.put(name, key);
    return key;
  }

  /** The key of that name, if prepared; never touches the token. */
  Key[] get(String name) {
    return keys.get(name);
  }

  /** Generates a key on the token. */
  synchronized void generate(String name, KeyType type) throws Exception {
    if (store.containsAlias(name)) {
      throw new GeneralSecurityException("the token already has a key named '" + name + "'");
    }
    type.generateInto(store, name, provider, null);
  }

  /** Imports known AES key bytes (then non-extractable on the token): known-answer tests only. */
  synchronized void importAesForTesting(String name, byte[] key) throws GeneralSecurityException {
    store.setEntry(
        name, new KeyStore.SecretKeyEntry(new javax.crypto.spec.SecretKeySpec(key, "AES")), null);
  }

  /** Names and kinds of the token's keys. */
  synchronized List<String> list() throws Exception {
    List<String> names = new ArrayList<>();
    for (String alias : Collections.list(store.aliases())) {
      names.add(
          alias
              + "\t"
              + (store.isKeyEntry(alias) && store.getKey(alias, null) instanceof SecretKey
                  ? "aes"
                  : "rsa"));
    }
    Collections.sort(names);
    return names;
  }

  private Key[] load(String name) throws GeneralSecurityException {
    Key key = store.getKey(name, null);
    if (key instanceof SecretKey) {
      return new Key[] {key};
    }
    if (key instanceof PrivateKey) {
      return new Key[] {key, store.getCertificate(name).getPublicKey()};
    }
    return null;
  }

  static int modulusBytes(Key[] key) {
    return (((RSAPublicKey) key[1]).getModulus().bitLength() + 7) / 8;
  }

  private static String providerConfig(Pkcs11BackendConfig config, long slot) {
    StringBuilder text = new StringBuilder("--");
    // The provider name only labels the instance: one per opened token, slot-named.
    text.append("name = keyshift-slot-").append(slot).append('\n');
    text.append("library = ").append(config.library()).append('\n');
    text.append("slot = ").append(slot).append('\n');
    for (String op : new String[] {"generate", "import"}) {
      for (String kind : new String[] {"CKO_SECRET_KEY", "CKO_PRIVATE_KEY"}) {
        text.append("attributes(")
            .append(op)
            .append(", ")
            .append(kind)
            .append(", *) = ")
            .append(NEVER_EXTRACTABLE);
      }
    }
    return text.toString();
  }
}
