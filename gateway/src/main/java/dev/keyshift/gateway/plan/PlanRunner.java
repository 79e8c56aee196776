package dev.keyshift.gateway.plan;

import dev.keyshift.gateway.store.Revisions;
import dev.keyshift.gateway.store.RoutingStore;
import dev.keyshift.gateway.store.RunnerLock;
import dev.keyshift.gateway.usage.PlanCalls;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.CallTally;
import dev.keyshift.routing.Cutover;
import dev.keyshift.routing.InvalidRoutingException;
import dev.keyshift.routing.Plan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cutover plans of the routing in force, on the one gateway that holds the {@link
 * RunnerLock}. Every {@link #TICK} it applies a step a plan is waiting for, and reads the gates of
 * a step whose evaluation is due ({@link Plan#nextEvaluation}): advance, roll back, or hold on.
 * Each move is a routing change by actor {@code plan:{id}} with the revision it was judged on as
 * {@code If-Match}, so a concurrent change (an operator's, another runner's) refuses it rather than
 * being overwritten, and no step is applied twice. Holds are timed by the injected clock.
 */
public final class PlanRunner {
  /** How often the runner looks at the plans; evaluations fall on the plan's own schedule. */
  public static final Duration TICK = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(PlanRunner.class);

  private final Vertx vertx;
  private final RoutingStore store;
  private final PlanCalls calls;
  private final RunnerLock lock;
  private final Clock clock;

  /** When each hold's gates were last read here. */
  private final Map<String, Instant> evaluated = new ConcurrentHashMap<>();

  private final AtomicBoolean busy = new AtomicBoolean();

  /** The last tick's failure, logged once rather than every tick while it lasts. */
  private volatile String lastProblem;

  private long timer = -1;

  public PlanRunner(
      Vertx vertx, RoutingStore store, PlanCalls calls, RunnerLock lock, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.calls = calls;
    this.lock = lock;
    this.clock = clock;
  }

  /** What a plan's status shows besides the plan: its gate readings and what they say now. */
  public record Status(Map<String, CallTally> tallies, Cutover.Verdict verdict, Instant next) {}

  public PlanRunner start() {
    timer = vertx.setPeriodic(TICK.toMillis(), id -> tick());
    return this;
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    lock.close();
  }

  /** The clock holds are timed by. */
  public Instant now() {
    return clock.instant();
  }

  /** The readings of a plan's current hold, every replica's; none before its first step. */
  public Future<Status> status(Plan plan) {
    if (!plan.isRunning() || !plan.applied()) {
      return Future.succeededFuture(new Status(Map.of(), null, null));
    }
    Instant now = now();
    return calls
        .tallies(plan)
        .map(
            tallies ->
                new Status(
                    tallies,
                    Cutover.judge(plan, tallies, now),
                    plan.nextEvaluation(evaluated.getOrDefault(plan.windowKey(), now))));
  }

  /** One look at every plan, unless the last one is still running. */
  Future<Void> tick() {
    if (!busy.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    return lock.hold()
        .compose(leading -> leading ? runAll() : Future.<Void>succeededFuture())
        .onSuccess(done -> lastProblem = null)
        .onFailure(this::problem)
        .onComplete(done -> busy.set(false));
  }

  private void problem(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    if (!message.equals(lastProblem)) {
      lastProblem = message;
      LOG.warn("plan runner: {} (retried every {} s)", message, TICK.toSeconds());
    }
  }

  private Future<Void> runAll() {
    Future<Void> chain = Future.succeededFuture();
    for (Alias alias : store.get().aliases().values()) {
      if (alias.plan() != null && alias.plan().isRunning()) {
        chain = chain.compose(previous -> run(alias.name()));
      }
    }
    return chain;
  }

  private Future<Void> run(String aliasName) {
    Alias alias = store.get().requireAlias(aliasName);
    Plan plan = alias.plan();
    if (plan == null || !plan.isRunning()) {
      return Future.succeededFuture();
    }
    Instant now = now();
    if (!plan.applied()) {
      return move(alias, "plan-step", a -> Cutover.applyPending(a, now));
    }
    Instant last = evaluated.getOrDefault(plan.windowKey(), plan.stepStartedAt());
    if (now.isBefore(plan.nextEvaluation(last))) {
      return Future.succeededFuture();
    }
    return calls.tallies(plan).compose(tallies -> decide(alias, plan, tallies, now));
  }

  private Future<Void> decide(Alias alias, Plan plan, Map<String, CallTally> tallies, Instant now) {
    evaluated.put(plan.windowKey(), now);
    Cutover.Verdict verdict = Cutover.judge(plan, tallies, now);
    return switch (verdict.decision()) {
      case WAIT -> Future.succeededFuture();
      case ADVANCE ->
          move(
              alias,
              plan.isLastStep() ? "plan-complete" : "plan-step",
              a -> Cutover.advance(a, now));
      case ROLL_BACK -> {
        LOG.warn("plan {} of alias {}: {}", plan.id(), alias.name(), verdict.reason());
        yield move(alias, "plan-rollback", a -> Cutover.rollBack(a, verdict.reason()));
      }
    };
  }

  /**
   * One move of the plan, as the plan's change. A step that can no longer be applied (a version
   * disabled meanwhile) pauses the plan, saying why.
   */
  private Future<Void> move(Alias seen, String action, UnaryOperator<Alias> edit) {
    Plan plan = seen.plan();
    return store
        .change(seen.name(), Revisions.etag(seen), plan.actor(), action, edit)
        .<Void>mapEmpty()
        .recover(
            failure -> {
              if (!(failure instanceof InvalidRoutingException)) {
                return Future.failedFuture(failure);
              }
              LOG.warn(
                  "plan {} of alias {} paused: {}", plan.id(), seen.name(), failure.getMessage());
              return store
                  .change(
                      seen.name(),
                      Revisions.etag(seen),
                      plan.actor(),
                      "plan-pause",
                      a -> Cutover.pause(a, "paused: " + failure.getMessage()))
                  .mapEmpty();
            });
  }
}
