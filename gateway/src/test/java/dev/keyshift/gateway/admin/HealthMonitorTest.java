package dev.keyshift.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HealthMonitorTest {

  @Test
  void failingBackend_isListedAndNotReady(Vertx vertx) {
    HealthMonitor monitor =
        new HealthMonitor(
            vertx,
            Map.of(
                "good",
                backend(Future.succeededFuture()),
                "bad",
                backend(Future.failedFuture("vault says no"))));
    monitor.start(Duration.ofHours(1)).await();
    assertThat(monitor.ready()).isFalse();
    assertThat(monitor.degraded()).isEqualTo(Map.of("bad", "vault says no"));
    monitor.stop();
  }

  @Test
  void healthyBackends_areReady_untilDraining(Vertx vertx) {
    HealthMonitor monitor =
        new HealthMonitor(vertx, Map.of("good", backend(Future.succeededFuture())));
    assertThat(monitor.ready()).as("not ready before the first probe").isFalse();
    monitor.start(Duration.ofHours(1)).await();
    assertThat(monitor.ready()).isTrue();
    monitor.drain();
    assertThat(monitor.ready()).isFalse();
    monitor.stop();
  }

  @Test
  void probeThatNeverAnswers_countsAsFailure(Vertx vertx) {
    HealthMonitor monitor =
        new HealthMonitor(
            vertx,
            Map.of("hung", backend(Promise.<Void>promise().future())),
            Duration.ofMillis(200));
    monitor.start(Duration.ofHours(1)).await();
    assertThat(monitor.ready()).isFalse();
    assertThat(monitor.degraded()).containsKey("hung");
    monitor.stop();
  }

  /** A backend whose health probe answers as given; nothing else is called. */
  private static KeyBackend backend(Future<Void> health) {
    return new KeyBackend() {
      @Override
      public String name() {
        return "test";
      }

      @Override
      public Future<Void> prepare(KeyVersion version) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Future<byte[]> wrap(KeyVersion version, byte[] plaintext) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Future<byte[]> unwrap(KeyVersion version, byte[] wrapped) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Future<Void> health() {
        return health;
      }
    };
  }
}
