package dev.keyshift.gateway.backend.local;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.InvalidCiphertextException;
import dev.keyshift.routing.InvalidPlaintextException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The JCE operations behind each algorithm, and the byte layout of what they produce:
 *
 * <ul>
 *   <li>A256KW: RFC 3394 output (plaintext + 8 bytes).
 *   <li>A256KWP: RFC 5649 output (padded plaintext + 8 bytes).
 *   <li>A256GCM: 12-byte random nonce, ciphertext, 16-byte tag, no associated data.
 *   <li>RSA-OAEP-256: OAEP with SHA-256 and MGF1-SHA-256, empty label.
 *   <li>RSA-OAEP: OAEP with SHA-1 and MGF1-SHA-1, empty label.
 * </ul>
 *
 * Any failure to unwrap is an {@link InvalidCiphertextException}, whatever the cause.
 */
final class LocalCrypto {
  static final int GCM_NONCE_BYTES = 12;
  static final int GCM_TAG_BITS = 128;
  private static final OAEPParameterSpec OAEP_256 =
      new OAEPParameterSpec(
          "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
  private static final OAEPParameterSpec OAEP_SHA1 =
      new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);

  /**
   * {@code Cipher.getInstance} walks the provider list on every call (7% of a wrap's CPU in a
   * profile); each thread keeps its own instances instead, re-initialised for each operation.
   */
  private static final ThreadLocal<Map<String, Cipher>> CIPHERS =
      ThreadLocal.withInitial(HashMap::new);

  private LocalCrypto() {}

  private static Cipher instance(String transformation) throws GeneralSecurityException {
    Map<String, Cipher> ciphers = CIPHERS.get();
    Cipher cipher = ciphers.get(transformation);
    if (cipher == null) {
      cipher = Cipher.getInstance(transformation);
      ciphers.put(transformation, cipher);
    }
    return cipher;
  }

  static byte[] wrap(Algorithm algorithm, LocalKey key, byte[] plaintext, SecureRandom random) {
    try {
      return switch (algorithm) {
        case A256KW -> cipher("AES/KW/NoPadding", Cipher.ENCRYPT_MODE, key).doFinal(plaintext);
        case A256KWP -> cipher("AES/KWP/NoPadding", Cipher.ENCRYPT_MODE, key).doFinal(plaintext);
        case A256GCM -> gcmSeal(key, plaintext, random);
        case RSA_OAEP_256, RSA_OAEP -> oaepWrap(algorithm, (LocalKey.Rsa) key, plaintext);
      };
    } catch (GeneralSecurityException e) {
      throw GatewayFailure.backend(
          ErrorCode.BACKEND_ERROR,
          algorithm.wireName() + " wrap failed: " + e.getClass().getSimpleName(),
          e);
    }
  }

  static byte[] unwrap(Algorithm algorithm, LocalKey key, byte[] wrapped) {
    try {
      return switch (algorithm) {
        case A256KW -> cipher("AES/KW/NoPadding", Cipher.DECRYPT_MODE, key).doFinal(wrapped);
        case A256KWP -> cipher("AES/KWP/NoPadding", Cipher.DECRYPT_MODE, key).doFinal(wrapped);
        case A256GCM -> gcmOpen(key, wrapped);
        case RSA_OAEP_256, RSA_OAEP -> rsa(algorithm, Cipher.DECRYPT_MODE, key).doFinal(wrapped);
      };
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new InvalidCiphertextException();
    }
  }

  private static byte[] gcmSeal(LocalKey key, byte[] plaintext, SecureRandom random)
      throws GeneralSecurityException {
    byte[] nonce = new byte[GCM_NONCE_BYTES];
    random.nextBytes(nonce);
    Cipher cipher = instance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.ENCRYPT_MODE,
        ((LocalKey.Aes) key).secret(),
        new GCMParameterSpec(GCM_TAG_BITS, nonce));
    ByteBuffer out = ByteBuffer.allocate(GCM_NONCE_BYTES + cipher.getOutputSize(plaintext.length));
    out.put(nonce);
    cipher.doFinal(ByteBuffer.wrap(plaintext), out);
    return out.array();
  }

  private static byte[] gcmOpen(LocalKey key, byte[] wrapped) throws GeneralSecurityException {
    if (wrapped.length < GCM_NONCE_BYTES + GCM_TAG_BITS / 8) {
      throw new InvalidCiphertextException();
    }
    Cipher cipher = instance("AES/GCM/NoPadding");
    GCMParameterSpec spec = new GCMParameterSpec(GCM_TAG_BITS, wrapped, 0, GCM_NONCE_BYTES);
    cipher.init(Cipher.DECRYPT_MODE, ((LocalKey.Aes) key).secret(), spec);
    return cipher.doFinal(wrapped, GCM_NONCE_BYTES, wrapped.length - GCM_NONCE_BYTES);
  }

  private static byte[] oaepWrap(Algorithm algorithm, LocalKey.Rsa key, byte[] plaintext)
      throws GeneralSecurityException {
    int max = key.modulusBytes() - overhead(algorithm);
    if (plaintext.length > max) {
      throw new InvalidPlaintextException(
          algorithm.wireName()
              + " with a "
              + key.modulusBytes() * 8
              + "-bit key wraps at most "
              + max
              + " bytes");
    }
    return rsa(algorithm, Cipher.ENCRYPT_MODE, key).doFinal(plaintext);
  }

  /** OAEP's overhead: two hashes and two bytes. */
  private static int overhead(Algorithm algorithm) {
    return algorithm == Algorithm.RSA_OAEP ? 2 * 20 + 2 : 2 * 32 + 2;
  }

  private static Cipher rsa(Algorithm algorithm, int mode, LocalKey key)
      throws GeneralSecurityException {
    LocalKey.Rsa rsa = (LocalKey.Rsa) key;
    Cipher cipher = instance("RSA/ECB/OAEPPadding");
    OAEPParameterSpec spec = algorithm == Algorithm.RSA_OAEP ? OAEP_SHA1 : OAEP_256;
    cipher.init(mode, mode == Cipher.ENCRYPT_MODE ? rsa.publicKey() : rsa.privateKey(), spec);
    return cipher;
  }

  private static Cipher cipher(String transformation, int mode, LocalKey key)
      throws GeneralSecurityException {
    Cipher cipher = instance(transformation);
    cipher.init(mode, ((LocalKey.Aes) key).secret());
    return cipher;
  }
}
