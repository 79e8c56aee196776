package dev.keyshift.gateway.keys;

import dev.keyshift.metrics.KeyshiftMetrics;
import dev.keyshift.metrics.MeterNames;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.KeyVersion;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow wraps: after a client has its answer, each version with a shadow share also wraps that
 * share of the alias's wraps and unwraps the result again, compared with the plaintext and
 * discarded. They never touch the client's answer, its latency or its blob, are not counted as
 * usage, and at most {@link #MAX_IN_FLIGHT} run at once: beyond that they are dropped and counted.
 */
final class ShadowWraps {
  /** Shadow wraps in flight at most, across every alias. */
  static final int MAX_IN_FLIGHT = 64;

  private static final Logger LOG = LoggerFactory.getLogger(ShadowWraps.class);

  /** Wraps on a version and unwraps again; true when the plaintext came back unchanged. */
  interface RoundTrip {
    Future<Boolean> run(Alias alias, KeyVersion version, byte[] plaintext, String context);
  }

  private final KeyshiftMetrics metrics;
  private final RoundTrip roundTrip;
  private final AtomicInteger inFlight = new AtomicInteger();

  ShadowWraps(KeyshiftMetrics metrics, RoundTrip roundTrip) {
    this.metrics = metrics;
    this.roundTrip = roundTrip;
  }

  /** Shadows a wrap that {@code taken} answered, on every other version whose share it draws. */
  void after(Alias alias, KeyVersion taken, byte[] plaintext, String context) {
    for (KeyVersion version : alias.versions()) {
      if (version.shadow() == 0
          || version.id().equals(taken.id())
          || ThreadLocalRandom.current().nextInt(100) >= version.shadow()) {
        continue;
      }
      if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
        inFlight.decrementAndGet();
        metrics.shadow(alias.name(), version.id(), MeterNames.OUTCOME_DROPPED, -1);
        continue;
      }
      byte[] copy = plaintext.clone();
      Context on = Vertx.currentContext();
      // Queued behind the current task, which writes the client's answer.
      if (on == null) {
        run(alias, version, copy, context);
      } else {
        on.runOnContext(ignored -> run(alias, version, copy, context));
      }
    }
  }

  private void run(Alias alias, KeyVersion version, byte[] plaintext, String context) {
    long start = System.nanoTime();
    Future<Boolean> same;
    try {
      same = roundTrip.run(alias, version, plaintext, context);
    } catch (RuntimeException e) {
      same = Future.failedFuture(e);
    }
    same.onComplete(
        done -> {
          inFlight.decrementAndGet();
          String outcome =
              done.failed()
                  ? MeterNames.OUTCOME_FAILURE
                  : done.result() ? MeterNames.OUTCOME_SUCCESS : MeterNames.OUTCOME_MISMATCH;
          if (done.failed()) {
            LOG.debug(
                "shadow wrap on {} {} failed: {}",
                alias.name(),
                version.id(),
                done.cause().getMessage());
          } else if (!done.result()) {
            LOG.warn(
                "shadow wrap on {} {} did not give the plaintext back", alias.name(), version.id());
          }
          metrics.shadow(alias.name(), version.id(), outcome, System.nanoTime() - start);
        });
  }
}
