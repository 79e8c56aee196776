package dev.keyshift.bench;

import dev.keyshift.gateway.Gateway;
import dev.keyshift.gateway.backend.BackendContext;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.backend.local.LocalBackendConfig;
import dev.keyshift.gateway.backend.pkcs11.Pkcs11BackendConfig;
import dev.keyshift.gateway.backend.providers.BackendProviders;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.VersionState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Wrap and unwrap operations per second of each backend and algorithm, called through the {@link
 * KeyBackend} API from an event loop as the gateway calls it: 16 calls in flight for 5 s after a 2
 * s warm-up, on the gateway's crypto worker pool. Run by {@code bench/backend-throughput.sh}, which
 * makes the SoftHSM2 token; the argument is that script's work folder.
 */
public final class BackendThroughput {
  private static final int IN_FLIGHT = 16;
  private static final long WARM_UP_MS = 2_000;
  private static final long MEASURE_MS = 5_000;

  private static BackendContext context(String name, Vertx vertx, WorkerExecutor workers) {
    return new BackendContext(name, vertx, workers, Duration.ofSeconds(30));
  }

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[0]);
    Vertx vertx = Vertx.vertx();
    WorkerExecutor workers =
        vertx.createSharedWorkerExecutor("bench-crypto", Gateway.CRYPTO_WORKERS);
    Files.writeString(work.resolve("keystore.password"), "bench");
    KeyBackend local =
        BackendProviders.open(
                new LocalBackendConfig(
                    work.resolve("keys.p12"), work.resolve("keystore.password"), true),
                context("local", vertx, workers))
            .await();
    KeyBackend pkcs11 =
        BackendProviders.open(
                new Pkcs11BackendConfig(
                    Path.of("/usr/lib/softhsm/libsofthsm2.so"),
                    "keyshift-bench",
                    null,
                    work.resolve("hsm.pin"),
                    true),
                context("softhsm", vertx, workers))
            .await();
    System.out.printf(
        "%-8s %-13s %12s %12s%n", "backend", "algorithm", "wrap ops/s", "unwrap ops/s");
    for (KeyBackend backend : new KeyBackend[] {local, pkcs11}) {
      for (Algorithm algorithm : Algorithm.values()) {
        KeyVersion version =
            new KeyVersion(
                "v1",
                backend.name(),
                (algorithm.isRsa() ? "bench-rsa" : "bench-aes"),
                algorithm,
                1,
                VersionState.ENABLED);
        backend.prepare(version).await();
        byte[] dek = new byte[32];
        byte[] wrapped = backend.wrap(version, dek).await();
        double wraps = rate(vertx, () -> backend.wrap(version, dek));
        double unwraps = rate(vertx, () -> backend.unwrap(version, wrapped));
        System.out.printf(
            Locale.ROOT,
            "%-8s %-13s %,12.0f %,12.0f%n",
            backend.name(),
            algorithm.wireName(),
            wraps,
            unwraps);
      }
    }
    vertx.close().await();
  }

  /** Completed calls per second with {@value #IN_FLIGHT} in flight, after a warm-up. */
  private static double rate(Vertx vertx, Supplier<Future<byte[]>> call) {
    run(vertx, call, WARM_UP_MS);
    return run(vertx, call, MEASURE_MS) * 1000.0 / MEASURE_MS;
  }

  private static long run(Vertx vertx, Supplier<Future<byte[]>> call, long millis) {
    AtomicLong done = new AtomicLong();
    Promise<Long> finished = Promise.promise();
    long end = System.currentTimeMillis() + millis;
    AtomicLong chains = new AtomicLong(IN_FLIGHT);
    vertx.runOnContext(
        v -> {
          for (int i = 0; i < IN_FLIGHT; i++) {
            chain(call, end, done, chains, finished);
          }
        });
    finished.future().await();
    return done.get();
  }

  private static void chain(
      Supplier<Future<byte[]>> call,
      long end,
      AtomicLong done,
      AtomicLong chains,
      Promise<Long> finished) {
    call.get()
        .onComplete(
            result -> {
              if (result.failed()) {
                finished.tryFail(result.cause());
                return;
              }
              done.incrementAndGet();
              if (System.currentTimeMillis() < end) {
                // Through the task queue, as a next request would come: inline work completes at
                // once.
                io.vertx.core.Vertx.currentContext()
                    .runOnContext(v -> chain(call, end, done, chains, finished));
              } else if (chains.decrementAndGet() == 0) {
                finished.tryComplete(done.get());
              }
            });
  }
}
