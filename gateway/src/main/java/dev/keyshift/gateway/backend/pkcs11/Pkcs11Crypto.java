package dev.keyshift.gateway.backend.pkcs11;

import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.InvalidCiphertextException;
import dev.keyshift.routing.InvalidPlaintextException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.SecureRandom;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.GCMParameterSpec;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.DataLengthException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.Wrapper;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.crypto.engines.RFC3394WrapEngine;
import org.bouncycastle.crypto.engines.RFC5649WrapEngine;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The algorithms on a token whose PKCS#11 module (through SunPKCS11) offers only raw AES-ECB,
 * AES-GCM and raw RSA: BouncyCastle's RFC 3394/5649 and OAEP over the token's raw operations, so
 * keys never leave the token. Byte layouts are the local backend's: a blob moves between the two
 * only by re-wrapping, but its format is the same.
 */
final class Pkcs11Crypto {
  /** BC's engines pass key parameters to the block cipher; the token's cipher ignores them. */
  private static final CipherParameters TOKEN_HELD_KEY = new KeyParameter(new byte[32]);

  private Pkcs11Crypto() {}

  static byte[] wrap(
      Algorithm algorithm, Pkcs11Token token, Key[] key, byte[] plaintext, SecureRandom random)
      throws GeneralSecurityException {
    return switch (algorithm) {
      case A256KW, A256KWP -> keyWrap(algorithm, token, key[0], plaintext, true);
      case A256GCM -> gcmSeal(token, key[0], plaintext, random);
      case RSA_OAEP_256, RSA_OAEP -> oaep(algorithm, token, key, plaintext, true);
    };
  }

  static byte[] unwrap(Algorithm algorithm, Pkcs11Token token, Key[] key, byte[] wrapped)
      throws GeneralSecurityException {
    try {
      return switch (algorithm) {
        case A256KW, A256KWP -> keyWrap(algorithm, token, key[0], wrapped, false);
        case A256GCM -> gcmOpen(token, key[0], wrapped);
        case RSA_OAEP_256, RSA_OAEP -> oaep(algorithm, token, key, wrapped, false);
      };
    } catch (BadPaddingException | IllegalBlockSizeException | DataLengthException e) {
      // The bytes do not verify under this key; anything else is the token failing, not the blob.
      throw new InvalidCiphertextException();
    }
  }

  private static byte[] keyWrap(
      Algorithm algorithm, Pkcs11Token token, Key key, byte[] in, boolean wrap)
      throws GeneralSecurityException {
    TokenBlockCipher aes = new TokenBlockCipher(token.provider(), key);
    Wrapper engine =
        algorithm == Algorithm.A256KW ? new RFC3394WrapEngine(aes) : new RFC5649WrapEngine(aes);
    engine.init(wrap, TOKEN_HELD_KEY);
    try {
      return wrap ? engine.wrap(in, 0, in.length) : engine.unwrap(in, 0, in.length);
    } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
      throw new InvalidCiphertextException();
    } finally {
      // Ends the token operation, which gives its session back to SunPKCS11's pool.
      aes.finish();
    }
  }

  private static byte[] gcmSeal(Pkcs11Token token, Key key, byte[] plaintext, SecureRandom random)
      throws GeneralSecurityException {
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", token.provider());
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    byte[] sealed = cipher.doFinal(plaintext);
    return ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
  }

  private static byte[] gcmOpen(Pkcs11Token token, Key key, byte[] wrapped)
      throws GeneralSecurityException {
    if (wrapped.length < 12 + 16) {
      throw new InvalidCiphertextException();
    }
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", token.provider());
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, wrapped, 0, 12));
    return cipher.doFinal(wrapped, 12, wrapped.length - 12);
  }

  private static byte[] oaep(
      Algorithm algorithm, Pkcs11Token token, Key[] key, byte[] in, boolean encrypt)
      throws GeneralSecurityException {
    boolean sha1 = algorithm == Algorithm.RSA_OAEP;
    Digest hash = sha1 ? new SHA1Digest() : new SHA256Digest();
    Digest mgf = sha1 ? new SHA1Digest() : new SHA256Digest();
    int max = Pkcs11Token.modulusBytes(key) - 2 * hash.getDigestSize() - 2;
    if (encrypt && in.length > max) {
      throw new InvalidPlaintextException(
          algorithm.wireName()
              + " with a "
              + Pkcs11Token.modulusBytes(key) * 8
              + "-bit key wraps at most "
              + max
              + " bytes");
    }
    OAEPEncoding oaep =
        new OAEPEncoding(new TokenRsaEngine(token.provider(), key), hash, mgf, null);
    oaep.init(encrypt, TOKEN_HELD_KEY);
    try {
      return oaep.processBlock(in, 0, in.length);
    } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
      throw new InvalidCiphertextException();
    }
  }
}
