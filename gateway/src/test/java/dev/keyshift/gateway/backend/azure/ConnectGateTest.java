package dev.keyshift.gateway.backend.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * The connect gate: no more than its limit of acquisitions outstanding, the rest started in order
 * as earlier ones complete (by success or failure), an abandoned call never started, and a long run
 * of acquisitions that complete at once handled without a frame per call.
 */
class ConnectGateTest {
  private final List<Promise<String>> started = new ArrayList<>();

  private Future<String> pending() {
    Promise<String> promise = Promise.promise();
    started.add(promise);
    return promise.future();
  }

  @Test
  void startsNoMoreThanTheLimit_andTheRestInOrderAsEarlierOnesComplete() {
    ConnectGate gate = new ConnectGate(2);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(gate.acquire(this::pending, () -> false));
    }
    assertThat(started).hasSize(2);
    assertThat(gate.waiting()).isEqualTo(3);

    started.get(1).complete("second");
    assertThat(started).hasSize(3);
    started.get(0).fail("refused");
    assertThat(started).hasSize(4);
    assertThat(gate.acquiring()).isEqualTo(2);

    assertThat(answers.get(1).result()).isEqualTo("second");
    assertThat(answers.get(0).cause()).hasMessage("refused");
    assertThat(answers.get(2).isComplete()).isFalse();
    started.get(2).complete("third");
    started.get(3).complete("fourth");
    started.get(4).complete("fifth");
    assertThat(answers).allMatch(Future::isComplete);
    assertThat(gate.acquiring()).isZero();
    assertThat(gate.waiting()).isZero();
  }

  @Test
  void aCallAbandonedWhileWaiting_isNeverStarted() {
    ConnectGate gate = new ConnectGate(1);
    gate.acquire(this::pending, () -> false);
    boolean[] abandoned = {false};
    Future<String> second = gate.acquire(this::pending, () -> abandoned[0]);
    Future<String> third = gate.acquire(this::pending, () -> false);
    abandoned[0] = true;

    started.get(0).complete("first");

    assertThat(second.cause()).isInstanceOf(CancellationException.class);
    assertThat(started).hasSize(2);
    assertThat(third.isComplete()).isFalse();
    assertThat(gate.acquiring()).isEqualTo(1);
  }

  @Test
  void anAcquisitionThatThrows_failsItsCallAndFreesItsPlace() {
    ConnectGate gate = new ConnectGate(1);
    Future<String> thrown =
        gate.acquire(
            () -> {
              throw new IllegalStateException("client closed");
            },
            () -> false);
    Future<String> next = gate.acquire(() -> Future.succeededFuture("next"), () -> false);

    assertThat(thrown.cause()).hasMessage("client closed");
    assertThat(next.result()).isEqualTo("next");
    assertThat(gate.acquiring()).isZero();
  }

  @Test
  void manyWaitingCallsThatCompleteAtOnce_doNotNest() {
    ConnectGate gate = new ConnectGate(1);
    gate.acquire(this::pending, () -> false);
    List<Future<String>> answers = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      answers.add(gate.acquire(() -> Future.succeededFuture("idle connection"), () -> false));
    }

    started.get(0).complete("first");

    assertThat(answers).allMatch(Future::succeeded);
    assertThat(gate.waiting()).isZero();
  }
}
