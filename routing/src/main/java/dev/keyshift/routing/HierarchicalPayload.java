package dev.keyshift.routing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The payloads of a hierarchical version, inside the usual {@code ks1:alias:version:payload}
 * envelope: a persisted format (docs/envelope.md, pinned by known-answer tests).
 *
 * <pre>
 * sealed  (wrap):    0x01 | nonce (12) | AES-256-GCM(master key, nonce, binding, plaintext) | tag (16)
 * derived (datakey): 0x02 | length (u16) | salt (32) | check (16)
 *                    HKDF-SHA256(ikm = master key, salt, info = "keyshift-datakey-1" | binding,
 *                                length + 16) = data key (length) | check (16)
 * binding:           "keyshift-h1" | u16 n | alias | u16 n | version | u16 n | context (UTF-8)
 * </pre>
 *
 * No context and an empty context bind the same; the API refuses an empty one. Every failure to
 * open is the same {@link InvalidCiphertextException}. Pure JCE; the callers supply randomness.
 */
public final class HierarchicalPayload {
  public static final byte SEALED = 0x01;
  public static final byte DERIVED = 0x02;
  public static final int MASTER_KEY_BYTES = 32;
  public static final int NONCE_BYTES = 12;
  public static final int SALT_BYTES = 32;
  public static final int MAX_CONTEXT_LENGTH = 256;

  /** HKDF-SHA256 gives at most 255 blocks of 32 bytes; the check takes 16 of them. */
  public static final int MAX_DATA_KEY_BYTES = 255 * 32 - 16;

  private static final int TAG_BYTES = 16;
  private static final int CHECK_BYTES = 16;
  private static final int DERIVED_BYTES = 1 + 2 + SALT_BYTES + CHECK_BYTES;
  private static final byte[] BINDING_LABEL = "keyshift-h1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATAKEY_LABEL =
      "keyshift-datakey-1".getBytes(StandardCharsets.US_ASCII);

  /**
   * {@code Cipher.getInstance} walks the provider list on every call; a cipher per thread, set up
   * again for each blob, skips that on the serving path.
   */
  private static final ThreadLocal<Cipher> GCM =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES-256-GCM is always available", e);
            }
          });

  private HierarchicalPayload() {}

  /** A derived data key and the payload that re-derives it. */
  public record Derived(byte[] dataKey, byte[] payload) {}

  /** What a blob is bound to: its alias, its version and the caller's context (or null). */
  public static byte[] binding(String alias, String version, String context) {
    byte[] a = alias.getBytes(StandardCharsets.UTF_8);
    byte[] v = version.getBytes(StandardCharsets.UTF_8);
    byte[] c = context == null ? new byte[0] : context.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(BINDING_LABEL.length + 6 + a.length + v.length + c.length);
    out.put(BINDING_LABEL);
    for (byte[] part : new byte[][] {a, v, c}) {
      out.putShort((short) part.length).put(part);
    }
    return out.array();
  }

  /** Seals {@code plaintext}; {@code nonce} must be fresh and random for every call. */
  public static byte[] seal(byte[] masterKey, byte[] binding, byte[] nonce, byte[] plaintext) {
    checkLength(nonce, NONCE_BYTES, "nonce");
    try {
      Cipher gcm = gcm(Cipher.ENCRYPT_MODE, masterKey, nonce, binding);
      byte[] sealed = gcm.doFinal(plaintext);
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length)
          .put(SEALED)
          .put(nonce)
          .put(sealed)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is always available", e);
    }
  }

  /**
   * Derives a data key of {@code length} bytes; {@code salt} must be fresh and random.
   *
   * @throws InvalidPlaintextException when {@code length} is out of range
   */
  public static Derived derive(byte[] masterKey, byte[] binding, byte[] salt, int length) {
    checkLength(salt, SALT_BYTES, "salt");
    if (length < 1 || length > MAX_DATA_KEY_BYTES) {
      throw new InvalidPlaintextException(
          "a derived data key must be 1 to " + MAX_DATA_KEY_BYTES + " bytes");
    }
    byte[] okm = hkdf(masterKey, salt, info(binding), length + CHECK_BYTES);
    byte[] payload =
        ByteBuffer.allocate(DERIVED_BYTES)
            .put(DERIVED)
            .putShort((short) length)
            .put(salt)
            .put(okm, length, CHECK_BYTES)
            .array();
    byte[] dataKey = Arrays.copyOf(okm, length);
    Arrays.fill(okm, (byte) 0);
    return new Derived(dataKey, payload);
  }

  /** The plaintext (or data key) of a payload sealed or derived under this binding. */
  public static byte[] open(byte[] masterKey, byte[] binding, byte[] payload) {
    if (payload.length == 0) {
      throw new InvalidCiphertextException();
    }
    return switch (payload[0]) {
      case SEALED -> openSealed(masterKey, binding, payload);
      case DERIVED -> openDerived(masterKey, binding, payload);
      default -> throw new InvalidCiphertextException();
    };
  }

  private static byte[] openSealed(byte[] masterKey, byte[] binding, byte[] payload) {
    if (payload.length < 1 + NONCE_BYTES + TAG_BYTES + 1) {
      throw new InvalidCiphertextException();
    }
    try {
      Cipher gcm =
          gcm(
              Cipher.DECRYPT_MODE,
              masterKey,
              Arrays.copyOfRange(payload, 1, 1 + NONCE_BYTES),
              binding);
      return gcm.doFinal(payload, 1 + NONCE_BYTES, payload.length - 1 - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new InvalidCiphertextException();
    }
  }

  private static byte[] openDerived(byte[] masterKey, byte[] binding, byte[] payload) {
    if (payload.length != DERIVED_BYTES) {
      throw new InvalidCiphertextException();
    }
    ByteBuffer in = ByteBuffer.wrap(payload, 1, payload.length - 1);
    int length = Short.toUnsignedInt(in.getShort());
    if (length < 1 || length > MAX_DATA_KEY_BYTES) {
      throw new InvalidCiphertextException();
    }
    byte[] salt = new byte[SALT_BYTES];
    in.get(salt);
    byte[] check = new byte[CHECK_BYTES];
    in.get(check);
    byte[] okm = hkdf(masterKey, salt, info(binding), length + CHECK_BYTES);
    boolean matches =
        MessageDigest.isEqual(check, Arrays.copyOfRange(okm, length, length + CHECK_BYTES));
    byte[] dataKey = Arrays.copyOf(okm, length);
    Arrays.fill(okm, (byte) 0);
    if (!matches) {
      Arrays.fill(dataKey, (byte) 0);
      throw new InvalidCiphertextException();
    }
    return dataKey;
  }

  private static Cipher gcm(int mode, byte[] masterKey, byte[] nonce, byte[] binding)
      throws GeneralSecurityException {
    checkLength(masterKey, MASTER_KEY_BYTES, "master key");
    SecretKeySpec key = new SecretKeySpec(masterKey, "AES");
    GCMParameterSpec parameters = new GCMParameterSpec(TAG_BYTES * 8, nonce);
    Cipher gcm = GCM.get();
    try {
      gcm.init(mode, key, parameters);
    } catch (InvalidAlgorithmParameterException e) {
      // The JCE refuses one cipher the same key and nonce twice for encryption; only a caller
      // that fixes the nonce (a known-answer test) does that, and gets a fresh cipher.
      gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(mode, key, parameters);
    }
    gcm.updateAAD(binding);
    return gcm;
  }

  private static byte[] info(byte[] binding) {
    return ByteBuffer.allocate(DATAKEY_LABEL.length + binding.length)
        .put(DATAKEY_LABEL)
        .put(binding)
        .array();
  }

  /** HKDF-SHA256 (RFC 5869): extract, then expand to {@code length} bytes. */
  private static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info, int length) {
    checkLength(ikm, MASTER_KEY_BYTES, "master key");
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(salt, "HmacSHA256"));
      byte[] prk = hmac.doFinal(ikm);
      hmac.init(new SecretKeySpec(prk, "HmacSHA256"));
      Arrays.fill(prk, (byte) 0);
      byte[] okm = new byte[length];
      byte[] block = new byte[0];
      for (int i = 1, done = 0; done < length; i++) {
        hmac.update(block);
        hmac.update(info);
        hmac.update((byte) i);
        block = hmac.doFinal();
        int take = Math.min(block.length, length - done);
        System.arraycopy(block, 0, okm, done, take);
        done += take;
      }
      return okm;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is always available", e);
    }
  }

  private static void checkLength(byte[] bytes, int expected, String what) {
    if (bytes.length != expected) {
      throw new IllegalArgumentException(what + " must be " + expected + " bytes");
    }
  }
}
