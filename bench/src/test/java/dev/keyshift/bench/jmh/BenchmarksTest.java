package dev.keyshift.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.routing.Envelope;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Each benchmark measures the real operation: it answers what the operation should. */
class BenchmarksTest {

  @Test
  void envelope_formatsAndParsesTheSameEnvelope() {
    EnvelopeBench bench = new EnvelopeBench();
    bench.setUp();
    Envelope parsed = bench.parse();
    assertThat(parsed.alias()).isEqualTo("orders");
    assertThat(parsed.version()).isEqualTo("v2");
    assertThat(bench.format()).startsWith("ks1:orders:v2:").isEqualTo(parsed.format());
  }

  @Test
  void selection_isStickyByKeyAndNeverPicksAZeroWeightVersion() {
    SelectionBench bench = new SelectionBench();
    String first = bench.sticky().id();
    for (int i = 0; i < 50; i++) {
      assertThat(bench.sticky().id()).isEqualTo(first);
      assertThat(bench.random().id()).isIn("v2", "v3");
    }
  }

  @Test
  void tokenCheck_findsTheLastConfiguredToken() {
    TokenCheckBench bench = new TokenCheckBench();
    bench.rules = 20;
    bench.setUp();
    assertThat(bench.check().name()).isEqualTo("app-19");
  }

  @Test
  void rawJce_roundTripsTheKey() throws Exception {
    RawJceBench bench = new RawJceBench();
    bench.setUp();
    byte[] dek = bench.aesKwUnwrap();
    assertThat(dek).hasSize(32);
    assertThat(bench.aesGcmOpen()).isEqualTo(dek);
    assertThat(bench.rsaOaep256Unwrap()).isEqualTo(dek);
    assertThat(bench.aesKwWrap()).hasSize(40).isEqualTo(bench.aesKwWrapLookingUpTheCipher());
    assertThat(Arrays.equals(bench.aesGcmSeal(), bench.aesGcmSeal())).isFalse();
    assertThat(bench.rsaOaep256Wrap()).hasSize(384);
  }
}
