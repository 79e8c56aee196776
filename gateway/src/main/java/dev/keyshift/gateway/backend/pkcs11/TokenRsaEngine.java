package dev.keyshift.gateway.backend.pkcs11;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.Cipher;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/**
 * Raw RSA for BouncyCastle's OAEP encoding: the private operation on the token ({@code
 * RSA/ECB/NoPadding}; the private key never leaves it), the public one in software with the public
 * key. Output of the private operation is stripped of leading zeros, as BC's own engine does.
 */
final class TokenRsaEngine implements AsymmetricBlockCipher {
  private final Provider provider;
  private final Key privateKey;
  private final RSAPublicKey publicKey;
  private final int modulusBytes;
  private boolean encrypting;
  private final RSAEngine software = new RSAEngine();

  TokenRsaEngine(Provider provider, Key[] key) {
    this.provider = provider;
    this.privateKey = key[0];
    this.publicKey = (RSAPublicKey) key[1];
    this.modulusBytes = Pkcs11Token.modulusBytes(key);
  }

  @Override
  public void init(boolean forEncryption, CipherParameters ignored) {
    encrypting = forEncryption;
    if (forEncryption) {
      software.init(
          true, new RSAKeyParameters(false, publicKey.getModulus(), publicKey.getPublicExponent()));
    }
  }

  @Override
  public int getInputBlockSize() {
    return encrypting ? modulusBytes - 1 : modulusBytes;
  }

  @Override
  public int getOutputBlockSize() {
    return encrypting ? modulusBytes : modulusBytes - 1;
  }

  @Override
  public byte[] processBlock(byte[] in, int inOff, int len) throws InvalidCipherTextException {
    if (encrypting) {
      return software.processBlock(in, inOff, len);
    }
    if (len != modulusBytes) {
      throw new InvalidCipherTextException("ciphertext is not one modulus long");
    }
    try {
      Cipher raw = Cipher.getInstance("RSA/ECB/NoPadding", provider);
      raw.init(Cipher.DECRYPT_MODE, privateKey);
      byte[] out = raw.doFinal(in, inOff, len);
      int zeros = 0;
      while (zeros < out.length - 1 && out[zeros] == 0) {
        zeros++;
      }
      return java.util.Arrays.copyOfRange(out, zeros, out.length);
    } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
      throw new InvalidCipherTextException("the token refused the ciphertext");
    } catch (GeneralSecurityException e) {
      throw new java.security.ProviderException("the token failed a raw RSA operation", e);
    }
  }
}
