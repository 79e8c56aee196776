package dev.keyshift.gateway.backend.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.config.ResilienceConfig;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.metrics.KeyshiftMetrics;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.VersionState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Calls a backend answers inline are refused by the guards as any call, but hold no bulkhead permit
 * and are not counted by the circuit breaker.
 */
class InlineCallsTest {
  private static final KeyVersion INLINE =
      new KeyVersion("v1", "b", "aes", Algorithm.A256KW, 1, VersionState.ENABLED);
  private static final KeyVersion REMOTE =
      new KeyVersion("v2", "b", "remote", Algorithm.A256KW, 1, VersionState.ENABLED);
  private static final byte[] KEY = new byte[32];

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final KeyshiftMetrics metrics = new KeyshiftMetrics(registry);
  private final Stub stub = new Stub();
  private final KeyBackend guarded =
      new Resilience(registry, metrics)
          .guard(
              stub,
              new ResilienceConfig(2, 0, Duration.ofSeconds(1), 50, 2, Duration.ofSeconds(60)),
              Duration.ofSeconds(60));

  @Test
  void inlineCalls_holdNoPermit_andAreNotCountedByTheBreaker() {
    for (int i = 0; i < 100; i++) {
      assertThat(guarded.wrap(INLINE, KEY).succeeded()).isTrue();
    }
    assertThat(gauge("resilience4j.bulkhead.available.concurrent.calls")).isEqualTo(2);
    assertThat(bufferedCalls()).isZero();
    assertThat(backendCalls("success")).isEqualTo(100);
  }

  @Test
  void inlineCalls_areRefused_whileOtherCallsFillTheBulkhead() {
    guarded.wrap(REMOTE, KEY);
    guarded.wrap(REMOTE, KEY);

    assertThat(codeOf(guarded.wrap(INLINE, KEY))).isEqualTo(ErrorCode.THROTTLED);

    stub.pending.forEach(p -> p.complete(KEY));
    assertThat(guarded.wrap(INLINE, KEY).succeeded()).isTrue();
    assertThat(bufferedCalls()).isEqualTo(2);
  }

  @Test
  void inlineCalls_areRefused_whileTheCircuitIsOpen() {
    guarded.wrap(REMOTE, KEY);
    guarded.wrap(REMOTE, KEY);
    stub.pending.forEach(p -> p.fail(GatewayFailure.of(ErrorCode.BACKEND_ERROR, "down")));

    assertThat(codeOf(guarded.wrap(INLINE, KEY))).isEqualTo(ErrorCode.BACKEND_UNAVAILABLE);
  }

  @Test
  void inlineFailures_leaveTheCircuitClosed() {
    stub.inlineFailure = GatewayFailure.of(ErrorCode.BACKEND_ERROR, "no such key");
    for (int i = 0; i < 10; i++) {
      assertThat(codeOf(guarded.wrap(INLINE, KEY))).isEqualTo(ErrorCode.BACKEND_ERROR);
    }
    assertThat(bufferedCalls()).isZero();
    assertThat(backendCalls("backend_error")).isEqualTo(10);
    stub.inlineFailure = null;
    assertThat(guarded.wrap(INLINE, KEY).succeeded()).isTrue();
  }

  private double gauge(String name) {
    return registry.get(name).tag("name", "b").gauge().value();
  }

  private double bufferedCalls() {
    return registry
        .get("resilience4j.circuitbreaker.buffered.calls")
        .tag("name", "b")
        .gauges()
        .stream()
        .mapToDouble(g -> g.value())
        .sum();
  }

  private double backendCalls(String outcome) {
    return registry
        .get("keyshift.backend.requests")
        .tag("backend", "b")
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  private static ErrorCode codeOf(Future<byte[]> call) {
    assertThat(call.failed()).as("refused or failed at once").isTrue();
    return GatewayFailure.codeOf(call.cause());
  }

  /** Answers version v1 inline; keeps calls on any other version pending until a test ends them. */
  private static final class Stub implements KeyBackend {
    final List<Promise<byte[]>> pending = new ArrayList<>();
    GatewayFailure inlineFailure;

    @Override
    public String name() {
      return "b";
    }

    @Override
    public Future<Void> prepare(KeyVersion version) {
      return Future.succeededFuture();
    }

    @Override
    public Future<byte[]> wrap(KeyVersion version, byte[] plaintext) {
      if (answersInline(version)) {
        return inlineFailure == null
            ? Future.succeededFuture(plaintext)
            : Future.failedFuture(inlineFailure);
      }
      Promise<byte[]> call = Promise.promise();
      pending.add(call);
      return call.future();
    }

    @Override
    public Future<byte[]> unwrap(KeyVersion version, byte[] wrapped) {
      return wrap(version, wrapped);
    }

    @Override
    public Future<Void> health() {
      return Future.succeededFuture();
    }

    @Override
    public boolean answersInline(KeyVersion version) {
      return version.id().equals("v1");
    }
  }
}
