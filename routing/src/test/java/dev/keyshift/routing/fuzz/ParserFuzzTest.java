package dev.keyshift.routing.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.Envelope;
import dev.keyshift.routing.InvalidCiphertextException;
import dev.keyshift.routing.InvalidRoutingException;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.RoutingSnapshot;
import dev.keyshift.routing.StoredBlob;
import dev.keyshift.routing.VersionDisabledException;
import dev.keyshift.routing.VersionState;
import dev.keyshift.routing.file.FileFormatException;
import dev.keyshift.routing.file.RoutingFile;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the domain's parsers of outside input. In {@code mvn verify} each
 * target replays its committed corpus (src/test/resources/.../ParserFuzzTestInputs); {@code
 * bench/fuzz.sh} runs them in fuzzing mode. Properties: only the documented failure type, and
 * format → parse round trips where one exists.
 */
class ParserFuzzTest {
  static final Alias ALIAS =
      new Alias(
          "orders",
          false,
          "v1",
          List.of(
              new KeyVersion("v1", "dev", "k1", Algorithm.A256KWP, 1, VersionState.ENABLED),
              new KeyVersion("v2", "dev", "k2", Algorithm.A256GCM, 0, VersionState.DISABLED)));

  @FuzzTest
  void envelopeText(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Envelope envelope;
    try {
      envelope = Envelope.parse(text);
    } catch (InvalidCiphertextException expected) {
      return;
    }
    assertThat(envelope.format()).as("a parsed envelope formats back to its text").isEqualTo(text);
    assertThat(Envelope.parse(envelope.format())).isEqualTo(envelope);
  }

  @FuzzTest
  void storedBlob(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      StoredBlob blob = StoredBlob.read(ALIAS, text);
      assertThat(blob.version().isEnabled()).isTrue();
      assertThat(blob.payload()).isNotEmpty();
    } catch (InvalidCiphertextException | VersionDisabledException expected) {
      // the documented refusals
    }
  }

  @FuzzTest
  void routingFile(FuzzedDataProvider data) {
    String yaml = data.consumeRemainingAsString();
    RoutingSnapshot snapshot;
    try {
      snapshot = RoutingFile.parse(yaml, Set.of("dev", "hsm"));
    } catch (FileFormatException | InvalidRoutingException expected) {
      return;
    }
    String written = RoutingFile.write(snapshot);
    assertThat(RoutingFile.parse(written, Set.of("dev", "hsm")))
        .as("what the gateway writes reads back as the same routing")
        .isEqualTo(snapshot);
  }
}
