package dev.keyshift.bench.jmh;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The floor under the local backend: the JDK's own cost to wrap and unwrap a 32-byte DEK, with a
 * {@link Cipher} kept per thread (as the local backend does) and, for comparison, one looked up per
 * call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RawJceBench {
  private static final OAEPParameterSpec OAEP_256 =
      new OAEPParameterSpec(
          "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

  private final SecureRandom random = new SecureRandom();
  private final byte[] dek = new byte[32];
  private SecretKey aes;
  private KeyPair rsa;
  private Cipher kw;
  private Cipher gcm;
  private Cipher oaep;
  private byte[] kwWrapped;
  private byte[] gcmNonce;
  private byte[] gcmSealed;
  private byte[] oaepWrapped;

  @Setup
  public void setUp() throws GeneralSecurityException {
    random.nextBytes(dek);
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256);
    aes = generator.generateKey();
    KeyPairGenerator pairs = KeyPairGenerator.getInstance("RSA");
    pairs.initialize(3072);
    rsa = pairs.generateKeyPair();
    kw = Cipher.getInstance("AES/KW/NoPadding");
    gcm = Cipher.getInstance("AES/GCM/NoPadding");
    oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
    kwWrapped = aesKwWrap();
    gcmNonce = new byte[12];
    gcmSealed = aesGcmSeal();
    oaepWrapped = rsaOaep256Wrap();
  }

  @Benchmark
  public byte[] aesKwWrap() throws GeneralSecurityException {
    kw.init(Cipher.ENCRYPT_MODE, aes);
    return kw.doFinal(dek);
  }

  @Benchmark
  public byte[] aesKwUnwrap() throws GeneralSecurityException {
    kw.init(Cipher.DECRYPT_MODE, aes);
    return kw.doFinal(kwWrapped);
  }

  @Benchmark
  public byte[] aesKwWrapLookingUpTheCipher() throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/KW/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, aes);
    return cipher.doFinal(dek);
  }

  @Benchmark
  public byte[] aesGcmSeal() throws GeneralSecurityException {
    // A fresh nonce per seal, as the backend draws one; GCM refuses a reused key and nonce pair.
    random.nextBytes(gcmNonce);
    gcm.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, gcmNonce));
    return gcm.doFinal(dek);
  }

  @Benchmark
  public byte[] aesGcmOpen() throws GeneralSecurityException {
    gcm.init(Cipher.DECRYPT_MODE, aes, new GCMParameterSpec(128, gcmNonce));
    return gcm.doFinal(gcmSealed);
  }

  @Benchmark
  public byte[] rsaOaep256Wrap() throws GeneralSecurityException {
    oaep.init(Cipher.ENCRYPT_MODE, rsa.getPublic(), OAEP_256);
    return oaep.doFinal(dek);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] rsaOaep256Unwrap() throws GeneralSecurityException {
    oaep.init(Cipher.DECRYPT_MODE, rsa.getPrivate(), OAEP_256);
    return oaep.doFinal(oaepWrapped);
  }
}
