package dev.keyshift.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64TextTest {
  @Test
  void nonZeroTrailingBits_areRefused() {
    assertThat(Base64Text.decodeEither("QQ")).hasValueSatisfying(b -> assertThat(b).hasSize(1));
    assertThat(Base64Text.decodeEither("QQ==")).isPresent();
    assertThat(Base64Text.decodeEither("QR")).isEmpty();
    assertThat(Base64Text.decodeEither("QR==")).isEmpty();
    assertThat(Base64Text.decodeEither("QUI")).isPresent();
    assertThat(Base64Text.decodeEither("QUJ")).isEmpty();
    assertThat(Base64Text.decodeUrlUnpadded("_w")).isPresent();
    assertThat(Base64Text.decodeUrlUnpadded("_x")).isEmpty();
    assertThat(Base64Text.decodeUrlUnpadded("__8")).isPresent();
    assertThat(Base64Text.decodeUrlUnpadded("__9")).isEmpty();
  }

  @Test
  void mixedAlphabets_strayCharacters_andWrongPadding_areRefused() {
    assertThat(Base64Text.decodeEither("a+b-")).isEmpty();
    assertThat(Base64Text.decodeEither("ab c")).isEmpty();
    assertThat(Base64Text.decodeEither("QQ=")).isEmpty();
    assertThat(Base64Text.decodeEither("Q")).isEmpty();
    assertThat(Base64Text.decodeUrlUnpadded("QQ==")).isEmpty();
    assertThat(Base64Text.decodeUrlUnpadded("a+bc")).isEmpty();
  }

  /** One text, one meaning: exactly the texts an encoder writes are read, whatever their bytes. */
  @Test
  void anyText_isReadExactlyWhenItIsWhatTheEncoderWrites() {
    Random random = new Random(11);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=";
    Base64.Encoder standard = Base64.getEncoder().withoutPadding();
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    for (int round = 0; round < 50_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = random.nextInt(9); i > 0; i--) {
        text.append(alphabet.charAt(random.nextInt(round % 2 == 0 ? 64 : alphabet.length())));
      }
      String candidate = text.toString();
      assertThat(Base64Text.decodeUrlUnpadded(candidate).isPresent())
          .as(candidate)
          .isEqualTo(rereadable(url, candidate));
      Optional<byte[]> either = Base64Text.decodeEither(candidate);
      either.ifPresent(
          bytes -> {
            String unpadded = candidate.replace("=", "");
            assertThat(
                    standard.encodeToString(bytes).equals(unpadded)
                        || url.encodeToString(bytes).equals(unpadded))
                .as(candidate)
                .isTrue();
          });
    }
  }

  /** Whether the JDK reads the text and writes it back the same (no stray bits). */
  private static boolean rereadable(Base64.Encoder url, String text) {
    try {
      return url.encodeToString(Base64.getUrlDecoder().decode(text)).equals(text);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
