package dev.keyshift.routing;

import static dev.keyshift.routing.Fixtures.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoredBlobTest {
  private static final byte[] PAYLOAD = new byte[40];
  private static final Alias ORDERS =
      new Alias(
          "orders",
          true,
          "v1",
          List.of(
              version("v1", 0),
              version("v2", 10),
              version("v3", 0).withState(VersionState.DISABLED)));
  private static final Alias NO_LEGACY = new Alias("orders", true, null, ORDERS.versions());

  @Test
  void envelope_resolvesToItsVersion() {
    StoredBlob blob = StoredBlob.read(ORDERS, new Envelope("orders", "v2", PAYLOAD).format());
    assertThat(blob.version().id()).isEqualTo("v2");
    assertThat(blob.payload()).isEqualTo(PAYLOAD);
    assertThat(blob.legacy()).isFalse();
  }

  @Test
  void blobFromOtherAlias_isRejected() {
    String foreign = new Envelope("billing", "v2", PAYLOAD).format();
    assertThatThrownBy(() -> StoredBlob.read(ORDERS, foreign))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void unknownVersion_isRejected() {
    String unknown = new Envelope("orders", "v9", PAYLOAD).format();
    assertThatThrownBy(() -> StoredBlob.read(ORDERS, unknown))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void disabledVersion_isRefused() {
    String disabled = new Envelope("orders", "v3", PAYLOAD).format();
    assertThatThrownBy(() -> StoredBlob.read(ORDERS, disabled))
        .isInstanceOf(VersionDisabledException.class)
        .hasMessage("key version v3 of alias orders is disabled");
  }

  @Test
  void rawBase64_isLegacyWhenAliasNamesOne() {
    byte[] raw = {1, 2, 3, (byte) 0xfb, (byte) 0xff};
    for (String text :
        List.of(
            Base64.getEncoder().encodeToString(raw),
            Base64.getUrlEncoder().encodeToString(raw),
            Base64.getUrlEncoder().withoutPadding().encodeToString(raw))) {
      StoredBlob blob = StoredBlob.read(ORDERS, text);
      assertThat(blob.legacy()).isTrue();
      assertThat(blob.version().id()).isEqualTo("v1");
      assertThat(blob.payload()).isEqualTo(raw);
    }
  }

  @Test
  void rawBase64_isInvalidWithoutLegacyVersion() {
    assertThatThrownBy(() -> StoredBlob.read(NO_LEGACY, "AQID"))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Test
  void malformedLegacy_isInvalid() {
    for (String text : List.of("", "not base64!", "AQ=", "AQID+_", "A")) {
      assertThatThrownBy(() -> StoredBlob.read(ORDERS, text))
          .as(text)
          .isInstanceOf(InvalidCiphertextException.class);
    }
  }
}
