package dev.keyshift.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.metrics.KeyshiftMetrics;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.VersionState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShadowWrapsTest {
  static final KeyVersion V1 =
      new KeyVersion("v1", "dev", "k1", Algorithm.A256KW, 100, VersionState.ENABLED);
  static final Alias ALIAS =
      new Alias(
          "orders",
          false,
          null,
          List.of(
              V1,
              new KeyVersion("v2", "dev", "k2", Algorithm.A256KW, 0, VersionState.ENABLED)
                  .withShadow(100)));

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final List<Promise<Boolean>> pending = new ArrayList<>();
  final ShadowWraps shadows =
      new ShadowWraps(
          new KeyshiftMetrics(registry),
          (alias, version, plaintext, context) -> {
            Promise<Boolean> promise = Promise.promise();
            pending.add(promise);
            return promise.future();
          });

  @Test
  void beyondTheBound_shadowsAreDroppedAndCounted_notQueued() {
    for (int i = 0; i < ShadowWraps.MAX_IN_FLIGHT + 5; i++) {
      shadows.after(ALIAS, V1, new byte[32], null);
    }
    assertThat(pending).hasSize(ShadowWraps.MAX_IN_FLIGHT);
    assertThat(count("dropped")).isEqualTo(5);

    pending.get(0).complete(true);
    pending.get(1).complete(false);
    pending.get(2).fail(new IllegalStateException("vault down"));
    assertThat(count("success")).isEqualTo(1);
    assertThat(count("mismatch")).isEqualTo(1);
    assertThat(count("failure")).isEqualTo(1);
    shadows.after(ALIAS, V1, new byte[32], null);
    assertThat(pending).as("finished shadows make room").hasSize(ShadowWraps.MAX_IN_FLIGHT + 1);
  }

  @Test
  void theVersionThatTookTheWrap_isNotShadowedOnItself() {
    shadows.after(ALIAS, ALIAS.version("v2").orElseThrow(), new byte[32], null);
    assertThat(pending).isEmpty();
  }

  private double count(String outcome) {
    var counter =
        registry
            .find("keyshift.shadow")
            .tags("alias", "orders", "version", "v2", "outcome", outcome);
    return counter.counter() == null ? 0 : counter.counter().count();
  }
}
