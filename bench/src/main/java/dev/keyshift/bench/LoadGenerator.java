package dev.keyshift.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * HTTP/1.1 keep-alive load on Vert.x, for what wrk does poorly here: thousands of connections, each
 * with one request in flight, sent again as soon as it is answered (closed loop), while sampling
 * the gateway's heap. Requests are POSTs of one body with a bearer token; only requests that start
 * and end inside the measured window count. Prints one {@code RESULT} line.
 *
 * <p>Usage: {@code LoadGenerator url=URL token=T body=FILE connections=N seconds=S warmup=W
 * [heap=ADMIN_METRICS_URL]}
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      options.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    Plan plan =
        new Plan(
            URI.create(options.get("url")),
            options.getOrDefault("token", ""),
            Buffer.buffer(Files.readAllBytes(Path.of(options.get("body")))),
            Integer.parseInt(options.get("connections")),
            Long.parseLong(options.get("warmup")) * 1_000_000_000L,
            Long.parseLong(options.get("seconds")) * 1_000_000_000L);
    System.out.println(run(plan, options.get("heap")));
  }

  /**
   * Runs the plan and returns its {@code RESULT} line.
   *
   * @param heapUrl the gateway's Prometheus scrape to sample heap from, or null
   */
  static String run(Plan plan, String heapUrl) {
    int drivers = Math.max(1, Runtime.getRuntime().availableProcessors());
    Vertx vertx = Vertx.vertx();
    HeapSampler heap = heapUrl == null ? null : new HeapSampler(vertx, heapUrl);
    long start = System.nanoTime() + 200_000_000L;
    List<Driver> started = new ArrayList<>();
    for (int i = 0; i < drivers; i++) {
      Driver driver = new Driver(plan, drivers, start);
      started.add(driver);
      vertx.deployVerticle(driver, new DeploymentOptions()).await();
    }
    if (heap != null) {
      heap.sampleFrom(start + plan.warmupNanos(), start + plan.warmupNanos() + plan.measureNanos());
    }
    List<Driver.Result> results = new ArrayList<>();
    for (Driver driver : started) {
      results.add(driver.result().await());
    }
    String report = report(plan, results, heap == null ? -1 : heap.maxMib());
    vertx.close().await();
    return report;
  }

  private static String report(Plan plan, List<Driver.Result> results, long heapMib) {
    Histogram latency = new Histogram(3_600_000_000L, 3);
    long requests = 0;
    Map<String, Long> errors = new TreeMap<>();
    for (Driver.Result result : results) {
      latency.add(result.latencyMicros());
      requests += result.ok();
      result.errors().forEach((kind, count) -> errors.merge(kind, count, Long::sum));
    }
    double seconds = plan.measureNanos() / 1e9;
    return String.format(
        "RESULT rps=%.0f mean_ms=%.2f p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f requests=%d"
            + " errors=%d%s heap_max_mib=%d",
        requests / seconds,
        latency.getMean() / 1000,
        latency.getValueAtPercentile(50) / 1000.0,
        latency.getValueAtPercentile(99) / 1000.0,
        latency.getValueAtPercentile(99.9) / 1000.0,
        latency.getMaxValue() / 1000.0,
        requests,
        errors.values().stream().mapToLong(Long::longValue).sum(),
        errors.isEmpty() ? "" : " " + errors,
        heapMib);
  }

  /** What to send, how hard and for how long. */
  record Plan(
      URI url, String token, Buffer body, int connections, long warmupNanos, long measureNanos) {}

  /** One event loop's share of the connections. */
  static final class Driver extends VerticleBase {
    private final Plan plan;
    private final int share;
    private final long start;
    private final long measureFrom;
    private final long measureTo;
    private final Histogram latency = new Histogram(3_600_000_000L, 3);
    private final Map<String, Long> errors = new HashMap<>();
    private final Promise<Result> result = Promise.promise();
    private HttpClient client;
    private long ok;

    Driver(Plan plan, int drivers, long start) {
      this.plan = plan;
      this.share = Math.max(1, plan.connections() / drivers);
      this.start = start;
      this.measureFrom = start + plan.warmupNanos();
      this.measureTo = measureFrom + plan.measureNanos();
    }

    record Result(Histogram latencyMicros, long ok, Map<String, Long> errors) {}

    Future<Result> result() {
      return result.future();
    }

    @Override
    public Future<?> start() {
      client =
          vertx
              .httpClientBuilder()
              .with(
                  new HttpClientOptions()
                      .setDefaultHost(plan.url().getHost())
                      .setDefaultPort(plan.url().getPort())
                      .setKeepAlive(true)
                      .setConnectTimeout(60_000))
              .with(new PoolOptions().setHttp1MaxSize(share))
              .build();
      long delayMillis = Math.max(1, (start - System.nanoTime()) / 1_000_000);
      vertx.setTimer(delayMillis, id -> begin());
      vertx.setTimer(
          (measureTo - System.nanoTime()) / 1_000_000 + 1,
          id -> result.complete(new Result(latency.copy(), ok, Map.copyOf(errors))));
      return Future.succeededFuture();
    }

    private void begin() {
      for (int i = 0; i < share; i++) {
        send();
      }
    }

    private void send() {
      long sentAt = System.nanoTime();
      client
          .request(HttpMethod.POST, plan.url().getRawPath())
          .compose(
              request -> {
                request.putHeader("content-type", "application/json");
                if (!plan.token().isEmpty()) {
                  request.putHeader("authorization", "Bearer " + plan.token());
                }
                // The body is read inside send's callback, on this event loop (see
                // DEPENDENCIES.md on eclipse-vertx/vert.x#5904).
                return request
                    .send(plan.body())
                    .compose(response -> response.body().map(body -> response.statusCode()));
              })
          .onComplete(
              done -> {
                long end = System.nanoTime();
                if (sentAt >= measureFrom && end <= measureTo) {
                  record(done.succeeded() ? done.result() : -1, sentAt, end, done.cause());
                }
                if (end < measureTo) {
                  send();
                }
              });
    }

    private void record(int status, long sentAt, long end, Throwable cause) {
      if (status == 200) {
        ok++;
        latency.recordValue(Math.max(1, (end - sentAt) / 1000));
      } else {
        String kind = status > 0 ? "http_" + status : cause.getClass().getSimpleName();
        errors.merge(kind, 1L, Long::sum);
      }
    }
  }

  /** Polls the gateway's Prometheus scrape and keeps the largest heap in use it saw. */
  static final class HeapSampler {
    private final Vertx vertx;
    private final URI metrics;
    private final HttpClient client;
    private volatile long maxBytes;

    HeapSampler(Vertx vertx, String metricsUrl) {
      this.vertx = vertx;
      this.metrics = URI.create(metricsUrl);
      this.client = vertx.createHttpClient();
    }

    void sampleFrom(long fromNanos, long toNanos) {
      vertx.setPeriodic(
          500,
          id -> {
            long now = System.nanoTime();
            if (now > toNanos) {
              vertx.cancelTimer(id);
            } else if (now >= fromNanos) {
              sample();
            }
          });
    }

    long maxMib() {
      return maxBytes / (1024 * 1024);
    }

    private void sample() {
      client
          .request(HttpMethod.GET, metrics.getPort(), metrics.getHost(), metrics.getRawPath())
          .compose(request -> request.send().compose(response -> response.body()))
          .onSuccess(body -> maxBytes = Math.max(maxBytes, heapInUse(body.toString())));
    }

    private static long heapInUse(String scrape) {
      double sum = 0;
      for (String line : scrape.split("\n")) {
        if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return (long) sum;
    }
  }
}
