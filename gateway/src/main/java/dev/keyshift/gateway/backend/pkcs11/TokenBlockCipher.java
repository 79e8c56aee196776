package dev.keyshift.gateway.backend.pkcs11;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import javax.crypto.Cipher;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.DataLengthException;

/**
 * BouncyCastle's view of the token's AES block operation ({@code AES/ECB/NoPadding}), so its RFC
 * 3394 / RFC 5649 engines wrap with a key that never leaves the token. The parameters BC passes to
 * {@link #init} are ignored: the key is the token's.
 */
final class TokenBlockCipher implements BlockCipher {
  private final Cipher ecb;
  private final Key key;
  private boolean started;

  TokenBlockCipher(Provider provider, Key key) throws GeneralSecurityException {
    this.ecb = Cipher.getInstance("AES/ECB/NoPadding", provider);
    this.key = key;
  }

  @Override
  public void init(boolean forEncryption, CipherParameters ignored) {
    try {
      ecb.init(forEncryption ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key);
      started = true;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the token refused AES/ECB", e);
    }
  }

  @Override
  public String getAlgorithmName() {
    return "AES";
  }

  @Override
  public int getBlockSize() {
    return 16;
  }

  @Override
  public int processBlock(byte[] in, int inOff, byte[] out, int outOff) {
    try {
      return ecb.update(in, inOff, 16, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new DataLengthException("the token refused a block: " + e.getMessage());
    }
  }

  @Override
  public void reset() {}

  /** Ends the token operation that {@link #init} started. */
  void finish() {
    if (!started) {
      return;
    }
    started = false;
    try {
      ecb.doFinal();
    } catch (GeneralSecurityException e) {
      // Nothing is pending: every block was a whole one.
    }
  }
}
