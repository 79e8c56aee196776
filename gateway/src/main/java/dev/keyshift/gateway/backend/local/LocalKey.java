package dev.keyshift.gateway.backend.local;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import javax.crypto.SecretKey;

/** A key held in a local keystore: an AES secret key or an RSA key pair. */
sealed interface LocalKey {
  record Aes(SecretKey secret) implements LocalKey {}

  record Rsa(PrivateKey privateKey, PublicKey publicKey) implements LocalKey {
    int modulusBytes() {
      return (((RSAKey) publicKey).getModulus().bitLength() + 7) / 8;
    }
  }
}
