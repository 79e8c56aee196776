package dev.keyshift.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Known answers for the envelope text format; docs/envelope.md carries the same vectors. */
class EnvelopeTest {
  /** RFC 3394 section 4.6 output: 256-bit data wrapped with a 256-bit KEK. */
  static final byte[] RFC3394_4_6 =
      HexFormat.of()
          .parseHex(
              "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");

  static final String RFC3394_ENVELOPE =
      "ks1:orders:v1:KMn0BMS4EPTLzLNc-4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdIQ";

  @Test
  void knownAnswer_formatsExactly() {
    assertThat(new Envelope("orders", "v1", RFC3394_4_6).format()).isEqualTo(RFC3394_ENVELOPE);
  }

  @Test
  void knownAnswer_parsesExactly() {
    Envelope parsed = Envelope.parse(RFC3394_ENVELOPE);
    assertThat(parsed.alias()).isEqualTo("orders");
    assertThat(parsed.version()).isEqualTo("v1");
    assertThat(parsed.payload()).isEqualTo(RFC3394_4_6);
  }

  @Test
  void urlSafeAlphabet_isUsedForPayload() {
    byte[] payload = new byte[32];
    payload[0] = (byte) 0xfb;
    payload[1] = (byte) 0xff;
    for (int i = 2; i < 32; i++) {
      payload[i] = (byte) (i - 2);
    }
    assertThat(new Envelope("a", "b_2", payload).format())
        .isEqualTo("ks1:a:b_2:-_8AAQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0");
  }

  @Test
  void prefix_isPinned() {
    assertThat(Envelope.PREFIX).isEqualTo("ks1:");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ks1:",
        "ks1:orders",
        "ks1:orders:v1",
        "ks1:orders:v1:",
        "KS1:orders:v1:KMn0BMS4EPTLzLNc-4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdIQ",
        "ks2:orders:v1:KMn0BMS4EPTLzLNc-4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdIQ",
        " ks1:orders:v1:KMn0BMS4EPTLzLNc-4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdIQ",
        "ks1:orders:v1:KMn0BMS4EPTLzLNc-4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdIQ ",
        "ks1:Orders:v1:KMn0BMS4EPTLzLNc-4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdIQ",
        "ks1:orders:V1:KMn0BMS4EPTLzLNc-4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdIQ",
        "ks1::v1:KMn0BMS4EPTLzLNc-4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdIQ",
        "ks1:orders::KMn0BMS4EPTLzLNc-4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdIQ",
        "ks1:orders:v1:KMn0BMS4EPTLzLNc+4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdIQ",
        "ks1:orders:v1:KMn0BMS4EPTLzLNc-4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdIQ==",
        "ks1:orders:v1:KMn0BMS4EPTLzLNc-4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdIR",
        "ks1:orders:v1:KMn0BMS4EPTLzLNc-4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdI",
        "ks1:orders:v1:v2:KMn0BMS4EPTLzLNc-4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdIQ",
        "ks1:orders:v1:AAECAwQFBgcICQoLDA0O",
        "ks1:orders:v1:KMn0BMS4EPTL\nzLNc-4f4Jj9XhuLYDtMmy8fw5xqZ9Dv7mIubegLdIQ"
      })
  void malformed_isInvalidCiphertext(String text) {
    assertThatThrownBy(() -> Envelope.parse(text))
        .isInstanceOf(InvalidCiphertextException.class)
        .hasMessage("the ciphertext is not valid for this alias");
  }

  @Test
  void oversized_isInvalidCiphertext() {
    String huge = "ks1:orders:v1:" + "A".repeat(Envelope.MAX_TEXT_LENGTH);
    assertThatThrownBy(() -> Envelope.parse(huge)).isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void largestPayload_roundTrips() {
    Envelope big = new Envelope("orders", "v1", new byte[Envelope.MAX_PAYLOAD_BYTES]);
    assertThat(big.format().length()).isLessThanOrEqualTo(Envelope.MAX_TEXT_LENGTH);
    assertThat(Envelope.parse(big.format())).isEqualTo(big);
  }

  @Test
  void toString_hidesPayload() {
    assertThat(new Envelope("orders", "v1", RFC3394_4_6).toString())
        .isEqualTo("ks1:orders:v1:<40 bytes>");
  }
}
