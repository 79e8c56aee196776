package dev.keyshift.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Known-answer vectors of the hierarchical payloads (docs/envelope.md), checked both ways: this
 * code must produce them, and a plain JCE reading of the documented layout must open them.
 */
class HierarchicalPayloadTest {
  static final byte[] MASTER_KEY = sequence(0x00, 32);
  static final byte[] NONCE = sequence(0xa0, 12);
  static final byte[] SALT = sequence(0xb0, 32);
  static final byte[] PLAINTEXT =
      "keyshift KAT DEK 32 bytes long!!".getBytes(StandardCharsets.US_ASCII);

  static final String SEALED_WITH_CONTEXT =
      "ks1:orders:v3:AaChoqOkpaanqKmqq419BV4tomTLQi7Ghyc-hZVQn2sw8M42Ce8uSukRzFQgt7Lk4vndpGyo8mau4IhLxw";
  static final String SEALED_WITHOUT_CONTEXT =
      "ks1:orders:v3:AaChoqOkpaanqKmqq419BV4tomTLQi7Ghyc-hZVQn2sw8M42Ce8uSukRzFQgnXlltc1PaZI1o11NBS91CQ";
  static final String DERIVED_WITH_CONTEXT =
      "ks1:orders:v3:AgAgsLGys7S1tre4ubq7vL2-v8DBwsPExcbHyMnKy8zNzs_3WAi5fucts_bwUl2Td-F6";
  static final String DERIVED_DATA_KEY =
      "16a74dfb7b8adcc308eeb993d161b3cb710e8d7f0d95dc6dcd4ac27a3d7177b3";

  @Test
  void sealed_matchesTheVectors() {
    assertThat(envelope(seal("tenant-42"))).isEqualTo(SEALED_WITH_CONTEXT);
    assertThat(envelope(seal(null))).isEqualTo(SEALED_WITHOUT_CONTEXT);
    assertThat(open(SEALED_WITH_CONTEXT, "tenant-42")).isEqualTo(PLAINTEXT);
    assertThat(open(SEALED_WITHOUT_CONTEXT, null)).isEqualTo(PLAINTEXT);
  }

  @Test
  void derived_matchesTheVector() {
    HierarchicalPayload.Derived derived =
        HierarchicalPayload.derive(MASTER_KEY, binding("tenant-42"), SALT, 32);
    assertThat(envelope(derived.payload())).isEqualTo(DERIVED_WITH_CONTEXT);
    assertThat(HexFormat.of().formatHex(derived.dataKey())).isEqualTo(DERIVED_DATA_KEY);
    assertThat(HexFormat.of().formatHex(open(DERIVED_WITH_CONTEXT, "tenant-42")))
        .isEqualTo(DERIVED_DATA_KEY);
  }

  @Test
  void theDocumentedLayout_opensWithPlainJce() throws Exception {
    byte[] aad = documentedBinding("orders", "v3", "tenant-42");
    assertThat(aad).isEqualTo(binding("tenant-42"));

    byte[] sealed = Envelope.parse(SEALED_WITH_CONTEXT).payload();
    assertThat(sealed[0]).isEqualTo((byte) 0x01);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(MASTER_KEY, "AES"),
        new GCMParameterSpec(128, Arrays.copyOfRange(sealed, 1, 13)));
    gcm.updateAAD(aad);
    assertThat(gcm.doFinal(Arrays.copyOfRange(sealed, 13, sealed.length))).isEqualTo(PLAINTEXT);

    byte[] derived = Envelope.parse(DERIVED_WITH_CONTEXT).payload();
    assertThat(derived).hasSize(51);
    assertThat(derived[0]).isEqualTo((byte) 0x02);
    assertThat(ByteBuffer.wrap(derived, 1, 2).getShort()).isEqualTo((short) 32);
    byte[] info =
        ByteBuffer.allocate(18 + aad.length)
            .put("keyshift-datakey-1".getBytes(StandardCharsets.US_ASCII))
            .put(aad)
            .array();
    byte[] okm = rfc5869(MASTER_KEY, Arrays.copyOfRange(derived, 3, 35), info, 48);
    assertThat(HexFormat.of().formatHex(Arrays.copyOf(okm, 32))).isEqualTo(DERIVED_DATA_KEY);
    assertThat(Arrays.copyOfRange(okm, 32, 48)).isEqualTo(Arrays.copyOfRange(derived, 35, 51));
  }

  @Test
  void theIndependentHkdf_matchesRfc5869TestCase1() throws Exception {
    byte[] ikm = new byte[22];
    Arrays.fill(ikm, (byte) 0x0b);
    assertThat(HexFormat.of().formatHex(rfc5869(ikm, sequence(0x00, 13), sequence(0xf0, 10), 42)))
        .isEqualTo(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  @Test
  void anotherAliasVersionOrContext_isInvalid() {
    for (String vector : new String[] {SEALED_WITH_CONTEXT, DERIVED_WITH_CONTEXT}) {
      byte[] payload = Envelope.parse(vector).payload();
      for (byte[] other :
          new byte[][] {
            HierarchicalPayload.binding("orders", "v3", "tenant-43"),
            HierarchicalPayload.binding("orders", "v3", null),
            HierarchicalPayload.binding("orders", "v4", "tenant-42"),
            HierarchicalPayload.binding("billing", "v3", "tenant-42")
          }) {
        assertThatThrownBy(() -> HierarchicalPayload.open(MASTER_KEY, other, payload))
            .isInstanceOf(InvalidCiphertextException.class);
      }
      byte[] otherKey = MASTER_KEY.clone();
      otherKey[0] ^= 1;
      assertThatThrownBy(() -> HierarchicalPayload.open(otherKey, binding("tenant-42"), payload))
          .isInstanceOf(InvalidCiphertextException.class);
    }
  }

  @Test
  void everyByteTampered_truncatedOrExtended_isInvalid() {
    for (String vector : new String[] {SEALED_WITH_CONTEXT, DERIVED_WITH_CONTEXT}) {
      byte[] payload = Envelope.parse(vector).payload();
      for (int i = 0; i < payload.length; i++) {
        for (int bit = 0; bit < 8; bit++) {
          byte[] tampered = payload.clone();
          tampered[i] ^= (byte) (1 << bit);
          assertThatThrownBy(
                  () -> HierarchicalPayload.open(MASTER_KEY, binding("tenant-42"), tampered))
              .as("byte %d bit %d of %s", i, bit, vector)
              .isInstanceOf(InvalidCiphertextException.class);
        }
      }
      for (byte[] cut :
          new byte[][] {
            Arrays.copyOf(payload, payload.length - 1),
            Arrays.copyOf(payload, payload.length + 1),
            new byte[0]
          }) {
        assertThatThrownBy(() -> HierarchicalPayload.open(MASTER_KEY, binding("tenant-42"), cut))
            .isInstanceOf(InvalidCiphertextException.class);
      }
    }
  }

  @Test
  void derivedLengths_areBounded() {
    assertThatThrownBy(() -> HierarchicalPayload.derive(MASTER_KEY, binding(null), SALT, 0))
        .isInstanceOf(InvalidPlaintextException.class);
    assertThatThrownBy(
            () ->
                HierarchicalPayload.derive(
                    MASTER_KEY, binding(null), SALT, HierarchicalPayload.MAX_DATA_KEY_BYTES + 1))
        .isInstanceOf(InvalidPlaintextException.class);
    byte[] longest =
        HierarchicalPayload.derive(
                MASTER_KEY, binding(null), SALT, HierarchicalPayload.MAX_DATA_KEY_BYTES)
            .dataKey();
    assertThat(longest).hasSize(HierarchicalPayload.MAX_DATA_KEY_BYTES);
  }

  private static byte[] seal(String context) {
    return HierarchicalPayload.seal(MASTER_KEY, binding(context), NONCE, PLAINTEXT);
  }

  private static byte[] open(String envelope, String context) {
    return HierarchicalPayload.open(
        MASTER_KEY, binding(context), Envelope.parse(envelope).payload());
  }

  private static byte[] binding(String context) {
    return HierarchicalPayload.binding("orders", "v3", context);
  }

  private static String envelope(byte[] payload) {
    return new Envelope("orders", "v3", payload).format();
  }

  /** The binding as docs/envelope.md spells it, written out independently. */
  private static byte[] documentedBinding(String alias, String version, String context) {
    byte[] label = "keyshift-h1".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(64);
    out.put(label);
    for (String part : new String[] {alias, version, context}) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      out.put((byte) (bytes.length >> 8)).put((byte) bytes.length).put(bytes);
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  /** RFC 5869 HKDF with HMAC-SHA256, written out from the RFC. */
  private static byte[] rfc5869(byte[] ikm, byte[] salt, byte[] info, int length) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    ByteBuffer okm = ByteBuffer.allocate(length + 32);
    byte[] t = new byte[0];
    for (int i = 1; okm.position() < length; i++) {
      mac.update(t);
      mac.update(info);
      t = mac.doFinal(new byte[] {(byte) i});
      okm.put(t);
    }
    return Arrays.copyOf(okm.array(), length);
  }

  private static byte[] sequence(int from, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (from + i);
    }
    return bytes;
  }
}
