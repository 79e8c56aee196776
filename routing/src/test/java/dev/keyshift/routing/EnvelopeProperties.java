package dev.keyshift.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class EnvelopeProperties {

  @Property
  void parseOfFormat_isIdentity(@ForAll("envelopes") Envelope envelope) {
    assertThat(Envelope.parse(envelope.format())).isEqualTo(envelope);
  }

  @Property
  void formatOfParse_isIdentity(@ForAll("envelopes") Envelope envelope) {
    String text = envelope.format();
    assertThat(Envelope.parse(text).format()).isEqualTo(text);
  }

  /**
   * A structural mutation breaks the frame (prefix, separators, ids, base64url alphabet, padding,
   * length): whatever is mutated, parsing refuses it. Payload bit flips are not structural; the
   * backend's integrity check catches those.
   */
  @Property(tries = 2000)
  void structuralMutation_isRejected(
      @ForAll("envelopes") Envelope envelope,
      @ForAll("mutations") Mutation mutation,
      @ForAll("positions") double where) {
    String mutated = mutation.apply(envelope.format(), where);
    assertThatThrownBy(() -> Envelope.parse(mutated))
        .isInstanceOf(InvalidCiphertextException.class);
  }

  @Provide
  Arbitrary<Envelope> envelopes() {
    return Combinators.combine(
            ids(), ids(), Arbitraries.bytes().array(byte[].class).ofMinSize(16).ofMaxSize(600))
        .as(Envelope::new);
  }

  @Provide
  Arbitrary<Mutation> mutations() {
    return Arbitraries.of(Mutation.class);
  }

  @Provide
  Arbitrary<Double> positions() {
    return Arbitraries.doubles().between(0, 1);
  }

  private static Arbitrary<String> ids() {
    Arbitrary<Character> first = Arbitraries.chars().range('a', 'z').range('0', '9');
    Arbitrary<String> rest =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('0', '9')
            .withChars('_', '-')
            .ofMaxLength(62);
    return Combinators.combine(first, rest).as((f, r) -> f + r);
  }

  /** Mutations of the frame; {@code where} in [0, 1) picks a position inside the targeted part. */
  enum Mutation {
    CHANGE_PREFIX {
      String apply(String text, double where) {
        return "ks2" + text.substring(3);
      }
    },
    DROP_PREFIX_COLON {
      String apply(String text, double where) {
        return "ks1" + text.substring(4);
      }
    },
    DROP_A_SEPARATOR {
      String apply(String text, double where) {
        int first = text.indexOf(':', 4);
        int cut = where < 0.5 ? first : text.indexOf(':', first + 1);
        return text.substring(0, cut) + text.substring(cut + 1);
      }
    },
    ADD_A_SEPARATOR_IN_PAYLOAD {
      String apply(String text, double where) {
        return insertInPayload(text, where, ":");
      }
    },
    UPPERCASE_ALIAS {
      String apply(String text, double where) {
        return "ks1:" + Character.toUpperCase(text.charAt(4)) + "Q" + text.substring(5);
      }
    },
    INVALID_CHAR_IN_VERSION {
      String apply(String text, double where) {
        int start = text.indexOf(':', 4) + 1;
        return text.substring(0, start) + "." + text.substring(start);
      }
    },
    EMPTY_VERSION {
      String apply(String text, double where) {
        int start = text.indexOf(':', 4) + 1;
        int end = text.indexOf(':', start);
        return text.substring(0, start) + text.substring(end);
      }
    },
    NON_BASE64URL_CHAR_IN_PAYLOAD {
      String apply(String text, double where) {
        return insertInPayload(text, where, where < 0.5 ? "+" : "/");
      }
    },
    PADDING_ADDED {
      String apply(String text, double where) {
        return text + "=";
      }
    },
    WHITESPACE_IN_PAYLOAD {
      String apply(String text, double where) {
        return insertInPayload(text, where, "\n");
      }
    },
    PAYLOAD_TRUNCATED_TO_IMPOSSIBLE_LENGTH {
      String apply(String text, double where) {
        int start = payloadStart(text);
        String payload = text.substring(start);
        // Base64 text of length 4k+1 can never be produced.
        int keep = (payload.length() - 1) / 4 * 4 + 1;
        return text.substring(0, start + keep);
      }
    },
    PAYLOAD_EMPTIED {
      String apply(String text, double where) {
        return text.substring(0, payloadStart(text));
      }
    },
    PAYLOAD_TOO_SHORT {
      String apply(String text, double where) {
        return text.substring(0, payloadStart(text)) + "AAECAwQFBgcICQoLDA0O";
      }
    };

    abstract String apply(String text, double where);

    static int payloadStart(String text) {
      int aliasEnd = text.indexOf(':', 4);
      return text.indexOf(':', aliasEnd + 1) + 1;
    }

    static String insertInPayload(String text, double where, String what) {
      int start = payloadStart(text);
      int at = start + (int) (where * (text.length() - start));
      return text.substring(0, at) + what + text.substring(at);
    }
  }
}
