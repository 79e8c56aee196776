package dev.keyshift.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.VersionState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The slow stand-in answers what its backend answers, never before its latency has passed. */
class SlowBackendTest {
  private static final KeyVersion VERSION =
      new KeyVersion("v1", "local", "k", Algorithm.A256KW, 1, VersionState.ENABLED);
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void answersTheDelegatesResult_afterTheLatency() {
    SlowBackend slow = new SlowBackend(vertx, new Reversing(), 50);
    long start = System.nanoTime();
    byte[] wrapped = slow.wrap(VERSION, new byte[] {1, 2, 3}).await();
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(wrapped).containsExactly(3, 2, 1);
    assertThat(slow.unwrap(VERSION, wrapped).await()).containsExactly(1, 2, 3);
    // A timer never fires early: a lower bound, not a speed assertion.
    assertThat(waitedMillis).isGreaterThanOrEqualTo(50);
    assertThat(slow.name()).isEqualTo("reversing");
  }

  /** A backend whose wrap is visible: it reverses the bytes. */
  private static final class Reversing implements KeyBackend {
    @Override
    public String name() {
      return "reversing";
    }

    @Override
    public Future<Void> prepare(KeyVersion version) {
      return Future.succeededFuture();
    }

    @Override
    public Future<byte[]> wrap(KeyVersion version, byte[] plaintext) {
      return Future.succeededFuture(reversed(plaintext));
    }

    @Override
    public Future<byte[]> unwrap(KeyVersion version, byte[] wrapped) {
      return Future.succeededFuture(reversed(wrapped));
    }

    @Override
    public Future<Void> health() {
      return Future.succeededFuture();
    }

    private static byte[] reversed(byte[] bytes) {
      byte[] out = new byte[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        out[i] = bytes[bytes.length - 1 - i];
      }
      return out;
    }
  }
}
