package dev.keyshift.bench.soak;

import dev.keyshift.bench.soak.DataPlane.Answer;
import dev.keyshift.bench.soak.Ledger.Entry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The soak's applications: wraps, unwraps, rewraps and batches of both in a fixed mix, each answer
 * checked (the plaintext that comes back is the one wrapped, the version is one the weights
 * allowed, every field is there). Every envelope issued goes into the {@link Ledger}; every call
 * that fails, and every wrong answer, becomes a {@link Failure}. Paced at a fixed rate (open loop:
 * a slow answer does not slow the sending) or, to find the peak, with a fixed number in flight.
 */
final class Traffic {
  /**
   * The mix, one slot per request: 8 wraps, 7 unwraps, 2 rewraps, 2 batch wraps, 1 batch unwrap.
   */
  private static final String MIX = "WWWWWWWWUUUUUUURRBBX";

  private static final int BATCH = 10;
  private static final int MAX_IN_FLIGHT = 5_000;

  private final Vertx vertx;
  private final DataPlane gateway;
  private final String alias;
  private final String faultyVersion;
  private final Ledger ledger;
  private final Timeline timeline;
  private final long startNanos;
  private final Recorder latency = new Recorder(3_600_000_000L, 3);
  private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
  private final LongAdder answered = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong slot = new AtomicLong();
  private volatile boolean running;
  private long ticker = -1;

  Traffic(
      Vertx vertx,
      DataPlane gateway,
      String alias,
      String faultyVersion,
      Ledger ledger,
      Timeline timeline,
      long startNanos) {
    this.vertx = vertx;
    this.gateway = gateway;
    this.alias = alias;
    this.faultyVersion = faultyVersion;
    this.ledger = ledger;
    this.timeline = timeline;
    this.startNanos = startNanos;
  }

  /** Seconds since the soak began. */
  double now() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Sends {@code perSecond} requests a second until {@link #stop}. */
  void openLoop(double perSecond) {
    running = true;
    double from = now();
    long[] sent = {0};
    ticker =
        vertx.setPeriodic(
            2,
            id -> {
              long due = (long) ((now() - from) * perSecond) - sent[0];
              for (long i = 0; i < due; i++) {
                sent[0]++;
                if (inFlight.get() >= MAX_IN_FLIGHT) {
                  double at = now();
                  failures.add(new Failure(at, at, "any", "backlog", false, false, "not sent"));
                  failed.increment();
                } else {
                  call();
                }
              }
            });
  }

  /** Keeps {@code concurrency} requests in flight until {@link #stop}. */
  void closedLoop(int concurrency) {
    running = true;
    vertx.runOnContext(
        go -> {
          for (int i = 0; i < concurrency; i++) {
            chain();
          }
        });
  }

  private void chain() {
    if (running) {
      call().onComplete(done -> chain());
    }
  }

  /** Stops sending; completes when every call in flight has been answered. */
  Future<Void> stop() {
    running = false;
    if (ticker >= 0) {
      vertx.cancelTimer(ticker);
    }
    Promise<Void> drained = Promise.promise();
    vertx.setPeriodic(
        50,
        id -> {
          if (inFlight.get() == 0) {
            vertx.cancelTimer(id);
            drained.tryComplete();
          }
        });
    return drained.future();
  }

  /** Latencies of the answers since the last call, in microseconds. */
  Histogram intervalLatency() {
    return latency.getIntervalHistogram();
  }

  long answered() {
    return answered.sum();
  }

  /** Failures so far: calls and batch items. */
  long failed() {
    return failed.sum();
  }

  List<Failure> failures() {
    return new ArrayList<>(failures);
  }

  private Future<?> call() {
    inFlight.incrementAndGet();
    double sentAt = now();
    long sentNanos = System.nanoTime();
    char op = MIX.charAt((int) (slot.getAndIncrement() % MIX.length()));
    Entry entry = op == 'W' || op == 'B' ? null : ledger.pick();
    Future<?> done =
        switch (entry == null ? (op == 'B' ? 'B' : 'W') : op) {
          case 'W' -> wrap(sentAt);
          case 'U' -> unwrap(sentAt, entry);
          case 'R' -> rewrap(sentAt, entry);
          case 'B' -> batchWrap(sentAt);
          default -> batchUnwrap(sentAt);
        };
    return done.onComplete(
        finished -> {
          inFlight.decrementAndGet();
          answered.increment();
          if (finished.succeeded() && Boolean.TRUE.equals(finished.result())) {
            latency.recordValue(Math.max(1, (System.nanoTime() - sentNanos) / 1000));
          }
        });
  }

  private Future<Boolean> wrap(double sentAt) {
    long seq = ledger.nextSeq();
    JsonObject body = new JsonObject().put("plaintext", Ledger.plaintextBase64(seq));
    return send("wrap", body, sentAt, false, true)
        .map(answer -> answer != null && wrapped("wrap", sentAt, seq, answer.body()));
  }

  private Future<Boolean> unwrap(double sentAt, Entry entry) {
    JsonObject body = new JsonObject().put("ciphertext", entry.ciphertext());
    return send("unwrap", body, sentAt, faulty(entry), false)
        .map(answer -> answer != null && unwrapped("unwrap", sentAt, entry, answer.body()));
  }

  private Future<Boolean> rewrap(double sentAt, Entry entry) {
    JsonObject body = new JsonObject().put("ciphertext", entry.ciphertext());
    return send("rewrap", body, sentAt, faulty(entry), true)
        .map(answer -> answer != null && rewrapped(sentAt, entry, answer.body()));
  }

  private Future<Boolean> batchWrap(double sentAt) {
    JsonArray items = new JsonArray();
    long[] seqs = new long[BATCH];
    for (int i = 0; i < BATCH; i++) {
      seqs[i] = ledger.nextSeq();
      items.add(
          new JsonObject().put("plaintext", Ledger.plaintextBase64(seqs[i])).put("ref", "w" + i));
    }
    return send("wrap/batch", new JsonObject().put("items", items), sentAt, false, true)
        .map(
            answer -> {
              List<JsonObject> results = results(answer, sentAt, "batch-wrap", false, true);
              boolean ok = results != null;
              for (int i = 0; ok && i < BATCH; i++) {
                ok = wrapped("batch-wrap", sentAt, seqs[i], results.get(i));
              }
              return ok;
            });
  }

  private Future<Boolean> batchUnwrap(double sentAt) {
    JsonArray items = new JsonArray();
    List<Entry> entries = new ArrayList<>();
    boolean anyFaulty = false;
    for (int i = 0; i < BATCH; i++) {
      Entry entry = ledger.pick();
      entries.add(entry);
      anyFaulty |= faulty(entry);
      items.add(new JsonObject().put("ciphertext", entry.ciphertext()).put("ref", "u" + i));
    }
    return send("unwrap/batch", new JsonObject().put("items", items), sentAt, anyFaulty, false)
        .map(
            answer -> {
              List<JsonObject> results = results(answer, sentAt, "batch-unwrap", false, false);
              boolean ok = results != null;
              for (int i = 0; ok && i < BATCH; i++) {
                ok = unwrapped("batch-unwrap", sentAt, entries.get(i), results.get(i));
              }
              return ok;
            });
  }

  /** Sends one request; answers the 200 answer, or null after recording why there was none. */
  private Future<Answer> send(
      String operation, JsonObject body, double sentAt, boolean faultyEnvelope, boolean wraps) {
    String kind = operation.replace('/', '-').replace("wrap-batch", "batch-wrap");
    return gateway
        .post(alias, operation, body)
        .map(
            answer -> {
              if (answer.status() == 200) {
                return answer;
              }
              fail(sentAt, kind, answer.kind(), faultyEnvelope, wraps, answer.message());
              return null;
            })
        .recover(
            cause -> {
              fail(sentAt, kind, "transport", faultyEnvelope, wraps, String.valueOf(cause));
              return Future.succeededFuture();
            });
  }

  /** A batch answer's results, their errors recorded; null when the answer is not usable. */
  private List<JsonObject> results(
      Answer answer, double sentAt, String operation, boolean faultyEnvelope, boolean wraps) {
    if (answer == null) {
      return null;
    }
    JsonArray results = answer.body().getJsonArray("results");
    if (results == null || results.size() != BATCH) {
      wrong(sentAt, operation, "results missing or not " + BATCH + ": " + answer.body());
      return null;
    }
    String prefix = wraps ? "w" : "u";
    List<JsonObject> items = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      JsonObject result = results.getJsonObject(i);
      String ref = result.getString("ref", "");
      if (!ref.equals(prefix + i)) {
        wrong(sentAt, operation, "result " + i + " has ref " + ref);
        return null;
      }
      items.add(result);
    }
    return items;
  }

  private boolean wrapped(String operation, double sentAt, long seq, JsonObject result) {
    if (itemError(operation, sentAt, result, false, true)) {
      return false;
    }
    String ciphertext = result.getString("ciphertext");
    String version = result.getString("keyVersion");
    if (ciphertext == null || version == null) {
      return wrong(sentAt, operation, "no ciphertext or keyVersion: " + result);
    }
    if (!timeline.weighted(version.equals(faultyVersion), sentAt - 1, now() + 1)) {
      return wrong(
          sentAt, operation, "wrapped under " + version + " at weight 0; " + timeline.weights());
    }
    ledger.issued(new Entry(seq, version, ciphertext));
    return true;
  }

  private boolean unwrapped(String operation, double sentAt, Entry entry, JsonObject result) {
    if (itemError(operation, sentAt, result, faulty(entry), false)) {
      return false;
    }
    if (!Ledger.plaintextBase64(entry.seq()).equals(result.getString("plaintext"))) {
      return wrong(sentAt, operation, "plaintext differs for #" + entry.seq());
    }
    if (!entry.version().equals(result.getString("keyVersion"))) {
      return wrong(sentAt, operation, "keyVersion " + result.getString("keyVersion"));
    }
    if (Boolean.TRUE.equals(result.getBoolean("rewrapped"))) {
      String ciphertext = result.getString("rewrappedCiphertext");
      String version = result.getString("rewrappedKeyVersion");
      if (ciphertext == null || version == null) {
        return wrong(sentAt, operation, "rewrapped without the new envelope");
      }
      ledger.issued(new Entry(entry.seq(), version, ciphertext));
    }
    return true;
  }

  private boolean rewrapped(double sentAt, Entry entry, JsonObject result) {
    String ciphertext = result.getString("ciphertext");
    String version = result.getString("keyVersion");
    Boolean moved = result.getBoolean("rewrapped");
    if (ciphertext == null || version == null || moved == null) {
      return wrong(sentAt, "rewrap", "a field is missing: " + result.fieldNames());
    }
    if (moved) {
      ledger.issued(new Entry(entry.seq(), version, ciphertext));
    }
    return true;
  }

  private boolean itemError(
      String operation, double sentAt, JsonObject result, boolean faultyEnvelope, boolean wraps) {
    JsonObject error = result.getJsonObject("error");
    if (error == null) {
      return false;
    }
    String code = error.getString("code", "?");
    String kind = statusOf(code) + " " + code;
    fail(sentAt, operation, kind, faultyEnvelope, wraps, error.getString("message", ""));
    return true;
  }

  private boolean faulty(Entry entry) {
    return entry.version().equals(faultyVersion);
  }

  private void fail(
      double sentAt,
      String operation,
      String kind,
      boolean faultyEnvelope,
      boolean wraps,
      String detail) {
    failures.add(new Failure(sentAt, now(), operation, kind, faultyEnvelope, wraps, detail));
    failed.increment();
  }

  private boolean wrong(double sentAt, String operation, String detail) {
    fail(sentAt, operation, "wrong answer", false, false, detail);
    return false;
  }

  /** The status the single-call form of a batch item's error code answers (api.md). */
  static int statusOf(String code) {
    return switch (code) {
      case "BAD_REQUEST" -> 400;
      case "FORBIDDEN", "VERSION_DISABLED" -> 403;
      case "INVALID_CIPHERTEXT" -> 422;
      case "THROTTLED" -> 429;
      case "BACKEND_ERROR" -> 502;
      case "BACKEND_UNAVAILABLE" -> 503;
      case "BACKEND_TIMEOUT" -> 504;
      default -> 0;
    };
  }
}
