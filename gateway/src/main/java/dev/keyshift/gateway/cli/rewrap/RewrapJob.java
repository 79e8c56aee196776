package dev.keyshift.gateway.cli.rewrap;

import dev.keyshift.routing.Envelope;
import dev.keyshift.routing.InvalidCiphertextException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bulk rewrap loop: reads pages in key order, sends up to {@code parallel} of them at once
 * through the gateway, writes each back as it returns, and commits them (output, checkpoint,
 * progress) strictly in page order. The first failure that ends the job stops reading; what was
 * committed stays committed.
 */
final class RewrapJob {
  /** Item error codes worth another try: the backend may answer next time. */
  static final Set<String> RETRYABLE =
      Set.of("THROTTLED", "BACKEND_UNAVAILABLE", "BACKEND_TIMEOUT", "BACKEND_ERROR");

  /** How many more times items with a retryable error are sent. */
  static final int ITEM_RETRIES = 3;

  /** What the job is asked to do. */
  record Options(String alias, int batch, int parallel, boolean dryRun) {}

  private final BlobSource source;
  private final RewrapClient client;
  private final Checkpoint checkpoint;
  private final Options options;
  private final Map<Long, List<Outcome>> finished = new ConcurrentHashMap<>();
  private final Map<Long, Page> pages = new ConcurrentHashMap<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private Summary summary;
  private Progress progress;
  private long nextToCommit;
  private Semaphore inFlight;

  RewrapJob(BlobSource source, RewrapClient client, Checkpoint checkpoint, Options options) {
    this.source = source;
    this.client = client;
    this.checkpoint = checkpoint;
    this.options = options;
  }

  /** Runs to the end of the source (or the first failure, rethrown); answers the totals. */
  Summary run(ProgressFactory progressFactory) throws Exception {
    Checkpoint.State state = checkpoint.load();
    summary = state == null ? new Summary() : state.summary();
    source.resumeAfter(state == null ? null : state.position());
    progress = progressFactory.create(source.estimate(), summary.scanned());
    inFlight = new Semaphore(options.parallel() * 2);
    ExecutorService workers = Executors.newFixedThreadPool(options.parallel());
    try {
      readAll(workers);
    } finally {
      workers.shutdown();
      workers.awaitTermination(10, TimeUnit.MINUTES);
    }
    progress.finish(summary.scanned());
    Throwable failed = failure.get();
    if (failed instanceof Exception e) {
      throw e;
    } else if (failed != null) {
      throw (Error) failed;
    }
    checkpoint.finish();
    return summary;
  }

  /** How the job shows progress, once it knows the total. */
  interface ProgressFactory {
    Progress create(long total, long alreadyDone);
  }

  private void readAll(ExecutorService workers) throws Exception {
    for (long seq = 0; failure.get() == null; seq++) {
      inFlight.acquire();
      if (failure.get() != null) {
        break;
      }
      List<Row> rows = source.read(options.batch());
      if (rows.isEmpty()) {
        break;
      }
      Page page = new Page(seq, rows, source.positionAfter(rows));
      pages.put(seq, page);
      workers.execute(() -> process(page));
    }
  }

  private void process(Page page) {
    try {
      List<Outcome> outcomes = source.write(page, outcomesOf(page));
      finished.put(page.seq(), outcomes);
      commitInOrder();
    } catch (Exception | Error e) {
      // Whatever ends a page ends the job: the reader must not wait for a page that never commits.
      failure.compareAndSet(null, e);
      inFlight.release(options.parallel() * 2);
    }
  }

  private synchronized void commitInOrder() throws Exception {
    while (finished.containsKey(nextToCommit)) {
      Page page = pages.remove(nextToCommit);
      List<Outcome> outcomes = finished.remove(nextToCommit);
      Object position = source.commit(page, outcomes);
      for (int i = 0; i < outcomes.size(); i++) {
        summary.add(page.rows().get(i), outcomes.get(i));
      }
      checkpoint.save(position, summary);
      progress.update(summary.scanned());
      nextToCommit++;
      inFlight.release();
    }
  }

  private List<Outcome> outcomesOf(Page page) throws InterruptedException {
    Outcome[] outcomes = new Outcome[page.rows().size()];
    List<Integer> toSend = new ArrayList<>();
    for (int i = 0; i < outcomes.length; i++) {
      Row row = page.rows().get(i);
      outcomes[i] = classify(row);
      if (outcomes[i] == null) {
        toSend.add(i);
      }
    }
    for (int round = 0; !toSend.isEmpty(); round++) {
      toSend = send(page, toSend, outcomes, round < ITEM_RETRIES);
    }
    return List.of(outcomes);
  }

  /** What can be told without the gateway; null when the gateway must say. */
  private Outcome classify(Row row) {
    if (row.malformed() != null) {
      return Outcome.invalid(null, null, row.malformed());
    }
    if (row.blob() == null || row.blob().isBlank()) {
      return Outcome.empty();
    }
    String found = Outcome.LEGACY;
    if (Envelope.looksLikeEnvelope(row.blob())) {
      Envelope envelope;
      try {
        envelope = Envelope.parse(row.blob());
      } catch (InvalidCiphertextException e) {
        return Outcome.invalid(null, row.blob(), "not a valid envelope");
      }
      if (!envelope.alias().equals(options.alias())) {
        return Outcome.invalid(
            null,
            row.blob(),
            "an envelope of alias " + envelope.alias() + ", not " + options.alias());
      }
      found = envelope.version();
    }
    return options.dryRun() ? Outcome.seen(found, row.blob()) : null;
  }

  /** Sends the rows once; answers those to send again. */
  private List<Integer> send(Page page, List<Integer> rows, Outcome[] outcomes, boolean mayRetry)
      throws InterruptedException {
    JsonArray items = new JsonArray();
    for (int i : rows) {
      Row row = page.rows().get(i);
      JsonObject item = new JsonObject().put("ciphertext", row.blob());
      if (row.routingKey() != null && !row.routingKey().isEmpty()) {
        item.put("routingKey", row.routingKey());
      }
      items.add(item);
    }
    RewrapClient.Answer answer = client.rewrap(items);
    List<Integer> again = new ArrayList<>();
    for (int j = 0; j < rows.size(); j++) {
      int i = rows.get(j);
      Row row = page.rows().get(i);
      String found = foundOf(row);
      if (answer.failure() != null) {
        outcomes[i] = Outcome.failed(found, row.blob(), answer.failure());
        continue;
      }
      JsonObject result = answer.results().get(j);
      JsonObject error = result.getJsonObject("error");
      if (error == null) {
        outcomes[i] = moved(found, row, result);
      } else if (RETRYABLE.contains(error.getString("code")) && mayRetry) {
        again.add(i);
      } else {
        outcomes[i] = refused(found, row, error);
      }
    }
    if (!again.isEmpty()) {
      Thread.sleep(RewrapClient.BACKOFF[0].toMillis());
    }
    return again;
  }

  private static Outcome moved(String found, Row row, JsonObject result) {
    boolean rewrapped = Boolean.TRUE.equals(result.getBoolean("rewrapped"));
    return new Outcome(
        rewrapped ? Outcome.Kind.REWRAPPED : Outcome.Kind.CURRENT,
        found,
        rewrapped ? result.getString("ciphertext") : row.blob(),
        result.getString("keyVersion"),
        null);
  }

  private static Outcome refused(String found, Row row, JsonObject error) {
    String problem = error.getString("code") + ": " + error.getString("message");
    return "INVALID_CIPHERTEXT".equals(error.getString("code"))
        ? Outcome.invalid(null, row.blob(), "the gateway cannot read it (" + problem + ")")
        : Outcome.failed(found, row.blob(), problem);
  }

  private String foundOf(Row row) {
    return Envelope.looksLikeEnvelope(row.blob())
        ? Envelope.parse(row.blob()).version()
        : Outcome.LEGACY;
  }
}
