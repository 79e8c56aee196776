package dev.keyshift.bench.soak;

import dev.keyshift.bench.soak.Ledger.Entry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unwraps every envelope in the ledger once the load and the faults are over, in batches of 100
 * with a few in flight, and checks each plaintext.
 */
final class FinalCheck {
  /** How many envelopes were unwrapped, and what went wrong with the others. */
  record Result(long checked, long unwrapped, List<Failure> failures) {}

  /** 200 in flight at most: below the vault backend's bulkhead of 256. */
  private static final int BATCH = 100;

  private static final int IN_FLIGHT = 2;

  private final DataPlane gateway;
  private final String alias;
  private final Traffic clock;
  private final Semaphore slots = new Semaphore(IN_FLIGHT);
  private final AtomicLong unwrapped = new AtomicLong();
  private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
  private long checked;

  FinalCheck(DataPlane gateway, String alias, Traffic clock) {
    this.gateway = gateway;
    this.alias = alias;
    this.clock = clock;
  }

  /** Blocks the calling thread (never an event loop) until every envelope was tried. */
  Result run(Ledger ledger) throws IOException, InterruptedException {
    List<Entry> batch = new ArrayList<>();
    ledger.replay(
        entry -> {
          batch.add(entry);
          if (batch.size() == BATCH) {
            send(List.copyOf(batch));
            batch.clear();
          }
        });
    if (!batch.isEmpty()) {
      send(List.copyOf(batch));
    }
    if (!slots.tryAcquire(IN_FLIGHT, 10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the final unwraps did not finish in 10 minutes");
    }
    return new Result(checked, unwrapped.get(), List.copyOf(failures));
  }

  private void send(List<Entry> entries) {
    slots.acquireUninterruptibly();
    checked += entries.size();
    JsonArray items = new JsonArray();
    for (Entry entry : entries) {
      items.add(new JsonObject().put("ciphertext", entry.ciphertext()));
    }
    double sentAt = clock.now();
    gateway
        .post(alias, "unwrap/batch", new JsonObject().put("items", items))
        .onComplete(
            done -> {
              if (done.failed()) {
                fail(sentAt, entries.size() + " envelopes: " + done.cause());
              } else if (done.result().status() != 200) {
                fail(sentAt, entries.size() + " envelopes: " + done.result().kind());
              } else {
                check(sentAt, entries, done.result().body().getJsonArray("results"));
              }
              slots.release();
            });
  }

  private void check(double sentAt, List<Entry> entries, JsonArray results) {
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      JsonObject result = results == null || i >= results.size() ? null : results.getJsonObject(i);
      if (result != null
          && Ledger.plaintextBase64(entry.seq()).equals(result.getString("plaintext"))) {
        unwrapped.incrementAndGet();
      } else {
        fail(sentAt, "#" + entry.seq() + " (" + entry.version() + "): " + result);
      }
    }
  }

  private void fail(double sentAt, String detail) {
    failures.add(new Failure(sentAt, clock.now(), "final-unwrap", "final", false, false, detail));
  }
}
