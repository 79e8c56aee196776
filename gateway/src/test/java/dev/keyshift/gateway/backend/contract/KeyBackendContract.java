package dev.keyshift.gateway.backend.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keyshift.gateway.EventLoopBlocking;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.InvalidCiphertextException;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.VersionState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What every {@link KeyBackend} must do, run once per backend (local, PKCS#11 on SoftHSM2, Azure
 * Key Vault and Managed HSM on their stand-ins). The event loop is watched with a 200 ms limit: a
 * backend that did blocking work on it would trip Vert.x's blocked-thread checker.
 */
public abstract class KeyBackendContract {
  /**
   * With 400 calls started in one event-loop task and a 200 ms limit, any backend spending 0.5 ms
   * or more per call on the loop trips the checker, while a GC pause on a busy machine does not.
   */
  static final int CONCURRENT = 400;

  protected Vertx vertx;
  protected WorkerExecutor workers;
  protected KeyBackend backend;
  private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();
  private final SecureRandom random = new SecureRandom();

  /** Opens the backend under test; keys {@link #key}(algorithm, 1 and 2) must be preparable. */
  protected abstract KeyBackend open(Vertx vertx, WorkerExecutor workers) throws Exception;

  protected abstract List<Algorithm> algorithms();

  /** The name of key number {@code n} (1 or 2) for {@code algorithm} on this backend. */
  protected abstract String key(Algorithm algorithm, int n);

  @BeforeEach
  void openBackend() throws Exception {
    vertx =
        Vertx.vertx(
            new VertxOptions()
                .setBlockedThreadCheckInterval(20)
                .setMaxEventLoopExecuteTime(200)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(200)
                .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
    EventLoopBlocking.watch();
    warnings.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(warnings);
    workers = vertx.createSharedWorkerExecutor("contract-crypto", 4);
    backend = open(vertx, workers);
  }

  @AfterEach
  void close() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(warnings);
    closeBackend();
    vertx.close().await();
  }

  /** Releases what {@link #open} started besides Vert.x. */
  protected void closeBackend() {}

  @Test
  void roundTrip_everyAlgorithm() {
    for (Algorithm algorithm : algorithms()) {
      KeyVersion version = prepared(algorithm, 1);
      byte[] dek = dek();
      byte[] wrapped = onLoop(() -> backend.wrap(version, dek));
      assertThat(wrapped).as(algorithm.wireName()).isNotEqualTo(dek);
      assertThat(onLoop(() -> backend.unwrap(version, wrapped)))
          .as(algorithm.wireName())
          .isEqualTo(dek);
    }
  }

  @Test
  void anotherKeysCiphertext_isInvalidCiphertext() {
    for (Algorithm algorithm : algorithms()) {
      KeyVersion one = prepared(algorithm, 1);
      byte[] wrapped = onLoop(() -> backend.wrap(one, dek()));
      KeyVersion other = prepared(algorithm, 2);
      assertThatThrownBy(() -> onLoop(() -> backend.unwrap(other, wrapped)))
          .as(algorithm.wireName())
          .isInstanceOf(InvalidCiphertextException.class);
    }
  }

  @Test
  void tamperedPayload_isInvalidCiphertext() {
    for (Algorithm algorithm : algorithms()) {
      KeyVersion version = prepared(algorithm, 1);
      byte[] wrapped = onLoop(() -> backend.wrap(version, dek()));
      wrapped[wrapped.length / 2] ^= 0x10;
      assertThatThrownBy(() -> onLoop(() -> backend.unwrap(version, wrapped)))
          .as(algorithm.wireName())
          .isInstanceOf(InvalidCiphertextException.class);
      byte[] truncated = Arrays.copyOf(wrapped, wrapped.length - 9);
      assertThatThrownBy(() -> onLoop(() -> backend.unwrap(version, truncated)))
          .as(algorithm.wireName())
          .isInstanceOf(InvalidCiphertextException.class);
    }
  }

  @Test
  void concurrentCalls_areAllCorrect_andNeverBlockTheEventLoop() {
    List<KeyVersion> versions = new ArrayList<>();
    algorithms().forEach(algorithm -> versions.add(prepared(algorithm, 1)));
    List<byte[]> deks = new ArrayList<>();
    for (int i = 0; i < CONCURRENT; i++) {
      deks.add(dek());
    }
    // All calls start in one event-loop task: inline blocking work would hold the loop for all of
    // them.
    List<byte[]> wrapped =
        onLoop(() -> all(i -> backend.wrap(versions.get(i % versions.size()), deks.get(i))));
    List<byte[]> unwrapped =
        onLoop(() -> all(i -> backend.unwrap(versions.get(i % versions.size()), wrapped.get(i))));
    for (int i = 0; i < CONCURRENT; i++) {
      assertThat(unwrapped.get(i)).isEqualTo(deks.get(i));
    }
    assertThat(EventLoopBlocking.calls()).as("blocking calls on an event loop").isEmpty();
  }

  @Test
  void healthProbe_succeeds() {
    onLoop(() -> backend.health().map(ok -> new byte[0]));
  }

  private Future<List<byte[]>> all(java.util.function.IntFunction<Future<byte[]>> call) {
    List<Future<byte[]>> futures = new ArrayList<>();
    for (int i = 0; i < CONCURRENT; i++) {
      futures.add(call.apply(i));
    }
    return Future.all(futures)
        .map(
            done -> {
              List<byte[]> results = new ArrayList<>();
              futures.forEach(f -> results.add(f.result()));
              return results;
            });
  }

  protected KeyVersion prepared(Algorithm algorithm, int n) {
    KeyVersion version =
        new KeyVersion(
            "v" + n, backend.name(), key(algorithm, n), algorithm, 1, VersionState.ENABLED);
    onLoop(() -> backend.prepare(version).map(ok -> new byte[0]));
    return version;
  }

  /** Runs the call on an event loop, as the gateway does, and waits for its outcome. */
  protected <T> T onLoop(java.util.concurrent.Callable<Future<T>> call) {
    Promise<T> promise = Promise.promise();
    vertx.runOnContext(
        v -> {
          try {
            call.call().onComplete(promise);
          } catch (Exception e) {
            promise.fail(e);
          }
        });
    try {
      return promise.future().await(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the backend did not answer", e);
    }
  }

  private byte[] dek() {
    byte[] dek = new byte[32];
    random.nextBytes(dek);
    return dek;
  }
}
