package dev.keyshift.bench;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The floor for a vault call's CPU: Key Vault's {@code wrapkey} sent by a bare Vert.x 5 HTTP client
 * (no SDK, no gateway) to the stand-in, {@code concurrency} calls in flight in a closed loop on one
 * event loop. After {@code warmup} seconds it counts the calls answered 200, their latency and this
 * process's CPU time over {@code seconds}, and prints one {@code RESULT} line.
 *
 * <p>Usage: {@code PlainVaultClient URL TOKEN CA_PEM SECONDS CONCURRENCY WARMUP}
 */
public final class PlainVaultClient {
  private static final Buffer BODY =
      Buffer.buffer(
          "{\"alg\":\"A256KW\",\"value\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8\"}");

  private final HttpClient client;
  private final RequestOptions request;
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  // Touched only on the client's one event loop.
  private final Histogram latency = new Histogram(3);
  private volatile boolean running = true;

  private PlainVaultClient(HttpClient client, RequestOptions request) {
    this.client = client;
    this.request = request;
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String token = args[1];
    int seconds = Integer.parseInt(args[3]);
    int concurrency = Integer.parseInt(args[4]);
    int warmup = Integer.parseInt(args[5]);
    Vertx vertx = Vertx.vertx();
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setTrustOptions(new PemTrustOptions().addCertPath(args[2])),
            new PoolOptions().setHttp1MaxSize(concurrency));
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(url + "/keys/" + VaultStandIn.KEY + "/1/wrapkey?api-version=7.4")
            .putHeader("Authorization", "Bearer " + token)
            .putHeader("Content-Type", "application/json");
    PlainVaultClient bench = new PlainVaultClient(client, request);
    Context loop = vertx.getOrCreateContext();
    loop.runOnContext(
        v -> {
          for (int i = 0; i < concurrency; i++) {
            bench.next();
          }
        });
    Thread.sleep(warmup * 1000L);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long callsBefore = bench.answered.get();
    loop.runOnContext(v -> bench.latency.reset());
    Thread.sleep(seconds * 1000L);
    long calls = bench.answered.get() - callsBefore;
    long cpu = os.getProcessCpuTime() - cpuBefore;
    bench.running = false;
    CountDownLatch stopped = new CountDownLatch(1);
    long[] p50p99 = new long[2];
    loop.runOnContext(
        v -> {
          p50p99[0] = bench.latency.getValueAtPercentile(50);
          p50p99[1] = bench.latency.getValueAtPercentile(99);
          stopped.countDown();
        });
    stopped.await();
    System.out.printf(
        "RESULT transport=plain-vertx calls_per_s=%d cpu_us_per_call=%.1f p50_ms=%.2f p99_ms=%.2f"
            + " failed=%d%n",
        calls / seconds,
        cpu / 1000.0 / Math.max(1, calls),
        p50p99[0] / 1e6,
        p50p99[1] / 1e6,
        bench.failed.get());
    CountDownLatch closed = new CountDownLatch(1);
    vertx.close().onComplete(done -> closed.countDown());
    closed.await();
  }

  private void next() {
    if (!running) {
      return;
    }
    long start = System.nanoTime();
    client
        .request(request)
        .compose(sent -> sent.send(BODY).compose(answer -> answer.body().map(answer.statusCode())))
        .onComplete(
            done -> {
              if (done.succeeded() && done.result() == 200) {
                answered.incrementAndGet();
                latency.recordValue(System.nanoTime() - start);
              } else {
                failed.incrementAndGet();
              }
              next();
            });
  }
}
