package dev.keyshift.gateway.backend;

import dev.keyshift.routing.Algorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.Certificate;
import java.util.Optional;
import javax.crypto.KeyGenerator;

/**
 * The keys keyshift creates ({@code keyshift keys create --type}, {@code create-missing-keys}):
 * AES-256 for the AES algorithms, RSA-3072 for the RSA ones.
 */
public enum KeyType {
  AES_256("aes-256"),
  RSA_3072("rsa-3072");

  public static final int RSA_BITS = 3072;

  private final String wireName;

  KeyType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<KeyType> fromWireName(String name) {
    for (KeyType type : values()) {
      if (type.wireName.equals(name)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** The kind of key an algorithm needs. */
  public static KeyType of(Algorithm algorithm) {
    return algorithm.isRsa() ? RSA_3072 : AES_256;
  }

  /**
   * Generates a key of this type and stores it under {@code alias}.
   *
   * @param provider where the key is generated (a token's provider), or null for the JDK's
   * @param protection the entry's protection, or null where the store has none (PKCS#11)
   */
  public void generateInto(
      KeyStore store, String alias, Provider provider, KeyStore.ProtectionParameter protection)
      throws GeneralSecurityException {
    if (this == AES_256) {
      KeyGenerator generator =
          provider == null
              ? KeyGenerator.getInstance("AES")
              : KeyGenerator.getInstance("AES", provider);
      generator.init(256);
      store.setEntry(alias, new KeyStore.SecretKeyEntry(generator.generateKey()), protection);
      return;
    }
    KeyPairGenerator generator =
        provider == null
            ? KeyPairGenerator.getInstance("RSA")
            : KeyPairGenerator.getInstance("RSA", provider);
    generator.initialize(RSA_BITS);
    KeyPair pair = generator.generateKeyPair();
    Certificate[] chain = {SelfSignedCertificates.create(alias, pair, provider)};
    store.setEntry(alias, new KeyStore.PrivateKeyEntry(pair.getPrivate(), chain), protection);
  }
}
