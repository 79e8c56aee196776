package dev.keyshift.gateway.store.postgres;

import dev.keyshift.gateway.backend.Backends;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.store.AliasChange;
import dev.keyshift.gateway.store.AuditLog;
import dev.keyshift.gateway.store.ChangeQueue;
import dev.keyshift.gateway.store.RoutingRule;
import dev.keyshift.gateway.store.RoutingStore;
import dev.keyshift.gateway.store.StoreHealth;
import dev.keyshift.metrics.KeyshiftMetrics;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.InvalidRoutingException;
import dev.keyshift.routing.RoutingSnapshot;
import dev.keyshift.routing.file.FileFormatException;
import dev.keyshift.routing.file.RoutingFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared store: the routing every replica serves, in PostgreSQL.
 *
 * <p>A change is one transaction: compare-and-set on the routing's revision (a writer on another
 * replica that committed first makes it a {@code CONFLICT}), the new routing, its audit entry and a
 * {@code NOTIFY}; it is put in force and acknowledged only after commit. Replicas {@code LISTEN},
 * and re-read on every notification, on every (re)subscription and every {@link #REREAD_INTERVAL};
 * a routing is put in force only when its revision is newer than the one serving. While the
 * database does not answer, the routing last read keeps serving and changes answer {@code
 * STORE_UNAVAILABLE}.
 */
public final class PostgresRoutingStore implements RoutingStore {
  /** The fallback re-read, for a notification lost with its connection. */
  public static final Duration REREAD_INTERVAL = Duration.ofSeconds(5);

  /** The channel a change notifies, with its revision as payload. */
  static final String CHANNEL = "keyshift_routing";

  private static final Logger LOG = LoggerFactory.getLogger(PostgresRoutingStore.class);
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private static final String READ = "SELECT revision, document FROM keyshift_routing WHERE id = 1";
  private static final String SWAP =
      "UPDATE keyshift_routing SET revision = $1, document = $2, changed_at = $3"
          + " WHERE id = 1 AND revision = $4";
  private static final String AUDIT =
      "INSERT INTO keyshift_audit (time, actor, action, alias, entry) VALUES ($1, $2, $3, $4, $5)";
  private static final String NOTIFY = "SELECT pg_notify($1, $2)";
  private static final String READ_AUDIT =
      "SELECT entry FROM keyshift_audit WHERE $1::timestamptz IS NULL OR time >= $1"
          + " ORDER BY seq DESC LIMIT $2";

  private final PostgresDatabase db;
  private final Vertx vertx;
  private final Backends backends;
  private final KeyshiftMetrics metrics;
  private final Clock clock;
  private final RoutingRule rule;
  private final AtomicReference<RoutingSnapshot> current = new AtomicReference<>();
  private final AtomicBoolean rereadAgain = new AtomicBoolean();
  private volatile StoreHealth health;
  private volatile long refusedRevision = -1;
  private boolean migrated;
  private volatile boolean closing;
  private PgSubscriber subscriber;
  private long timer = -1;

  private final ChangeQueue queue = new ChangeQueue();

  private PostgresRoutingStore(
      PostgresDatabase db,
      Backends backends,
      KeyshiftMetrics metrics,
      Clock clock,
      RoutingRule rule) {
    this.db = db;
    this.rule = rule;
    this.vertx = db.vertx();
    this.backends = backends;
    this.metrics = metrics;
    this.clock = clock;
    this.health = new StoreHealth("postgresql", true, null, null);
  }

  /**
   * Migrates the schema and reads the routing, retrying with backoff until both succeed (a database
   * still starting, an empty store awaiting {@code keyshift store import}), then starts watching.
   * Until then the gateway serves nothing.
   */
  public static Future<PostgresRoutingStore> open(
      PostgresDatabase db,
      Backends backends,
      KeyshiftMetrics metrics,
      Clock clock,
      RoutingRule rule) {
    PostgresRoutingStore store = new PostgresRoutingStore(db, backends, metrics, clock, rule);
    return store.firstRead(0).map(read -> store.watch());
  }

  @Override
  public RoutingSnapshot get() {
    return current.get();
  }

  @Override
  public StoreHealth health() {
    return health;
  }

  @Override
  public Future<Alias> change(
      String aliasName, String ifMatch, String actor, String action, UnaryOperator<Alias> edit) {
    return queue.then(
        () ->
            readLatest()
                .compose(latest -> changeOn(latest, aliasName, ifMatch, actor, action, edit)));
  }

  @Override
  public Future<List<JsonObject>> audit(int limit, Instant since) {
    Tuple args = Tuple.of(since == null ? null : since.atOffset(ZoneOffset.UTC), limit);
    return db.pool()
        .preparedQuery(READ_AUDIT)
        .execute(args)
        .map(
            rows -> {
              List<JsonObject> entries = new ArrayList<>();
              rows.forEach(row -> entries.add(new JsonObject(row.getString("entry"))));
              return entries;
            })
        .recover(
            failure -> Future.failedFuture(unavailable("the audit log cannot be read", failure)));
  }

  @Override
  public void close() {
    closing = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (subscriber != null) {
      subscriber.close();
    }
  }

  private Future<Void> firstRead(int attempt) {
    Future<?> ready = migrated ? Future.succeededFuture() : migrate();
    return ready
        .compose(done -> readLatest())
        .<Void>mapEmpty()
        .recover(
            failure -> {
              long delay = backoff(attempt);
              LOG.warn(
                  "routing store {} not read ({}); retrying in {} s, serving nothing until then",
                  db.config().shown(),
                  reason(failure),
                  delay / 1000.0);
              return timer(delay).compose(waited -> firstRead(attempt + 1));
            });
  }

  private Future<Void> migrate() {
    return db.migrate()
        .map(
            applied -> {
              migrated = true;
              LOG.info(
                  "routing store {}: schema current ({} migrations applied now)",
                  db.config().shown(),
                  applied);
              return null;
            });
  }

  private PostgresRoutingStore watch() {
    subscriber = db.subscriber().reconnectPolicy(retries -> backoff(retries));
    subscriber.closeHandler(
        closed -> {
          if (!closing) {
            down(new IllegalStateException("the LISTEN connection was closed"));
          }
        });
    subscriber
        .channel(CHANNEL)
        .subscribeHandler(subscribed -> reread())
        .handler(revision -> reread());
    subscriber.connect().onFailure(this::down);
    timer =
        vertx.setPeriodic(
            REREAD_INTERVAL.toMillis(),
            id -> {
              if (subscriber.closed()) {
                subscriber.connect().onFailure(this::down);
              }
              reread();
            });
    return this;
  }

  /**
   * Re-reads; a burst of notifications while one re-read runs makes one more after it, not one
   * each.
   */
  private void reread() {
    if (rereadAgain.getAndSet(true)) {
      return;
    }
    queue.then(
        () -> {
          rereadAgain.set(false);
          return readLatest();
        });
  }

  /**
   * The routing as stored, put in force when newer than the one serving. A stored routing this
   * gateway cannot serve (a backend it lacks) keeps the current one serving, reported once.
   */
  private Future<RoutingSnapshot> readLatest() {
    return db.pool()
        .query(READ)
        .execute()
        .recover(failure -> Future.failedFuture(unavailable("the routing cannot be read", failure)))
        .compose(
            rows -> {
              up();
              if (rows.size() == 0) {
                return Future.failedFuture(
                    GatewayFailure.of(
                        ErrorCode.STORE_UNAVAILABLE,
                        "the store holds no routing yet: load one with keyshift store import"));
              }
              Row row = rows.iterator().next();
              return adopt(row.getLong("revision"), row.getString("document"));
            });
  }

  private Future<RoutingSnapshot> adopt(long revision, String document) {
    RoutingSnapshot serving = current.get();
    if (serving != null && revision == serving.revision()) {
      return Future.succeededFuture(serving);
    }
    if (serving != null && revision < serving.revision()) {
      return refused(
          revision,
          "it is older than revision "
              + serving.revision()
              + " in force here (a database restored from a backup?); restart the replicas to"
              + " serve it");
    }
    RoutingSnapshot stored;
    try {
      stored = RoutingFile.parse(document, backends.names());
      rule.check(stored);
    } catch (FileFormatException | InvalidRoutingException e) {
      return refused(revision, e.getMessage());
    }
    // A change made on another replica: this one's backends ready for it as the writer's were.
    Future<Void> ready =
        serving == null ? backends.prepare(stored) : backends.prepare(serving, stored);
    return ready
        .map(prepared -> install(stored))
        .recover(failure -> refused(revision, failure.getMessage()));
  }

  private Future<RoutingSnapshot> refused(long revision, String reason) {
    if (refusedRevision != revision) {
      refusedRevision = revision;
      LOG.error(
          "routing revision {} in {} cannot be served here, the last good routing keeps serving:"
              + " {}",
          revision,
          db.config().shown(),
          reason);
    }
    return Future.failedFuture(
        GatewayFailure.of(
            ErrorCode.CONFLICT,
            "the stored routing (revision "
                + revision
                + ") cannot be served by this gateway: "
                + reason));
  }

  private Future<Alias> changeOn(
      RoutingSnapshot base,
      String aliasName,
      String ifMatch,
      String actor,
      String action,
      UnaryOperator<Alias> edit) {
    AliasChange change = AliasChange.of(base, aliasName, ifMatch, actor, action, edit, now(), rule);
    return change
        .prepared(backends)
        .compose(
            ready ->
                commit(base.revision(), ready.after(), ready.entry())
                    .map(
                        committed -> {
                          install(ready.after());
                          return ready.changed();
                        }));
  }

  /** The one transaction of a change: swap, audit, notify; failed unless it committed. */
  private Future<Void> commit(long baseRevision, RoutingSnapshot after, AuditLog.Entry entry) {
    Tuple swap =
        Tuple.of(
            after.revision(),
            RoutingFile.write(after),
            entry.time().atOffset(ZoneOffset.UTC),
            baseRevision);
    Tuple audit =
        Tuple.of(
            entry.time().atOffset(ZoneOffset.UTC),
            entry.actor(),
            entry.action(),
            entry.alias(),
            entry.toJson().encode());
    Tuple notify = Tuple.of(CHANNEL, Long.toString(after.revision()));
    return db.pool()
        .withTransaction(
            connection ->
                swap(connection, swap, baseRevision)
                    .compose(swapped -> connection.preparedQuery(AUDIT).execute(audit))
                    .compose(audited -> connection.preparedQuery(NOTIFY).execute(notify)))
        .<Void>mapEmpty()
        .recover(
            failure ->
                Future.failedFuture(
                    failure instanceof GatewayFailure
                        ? failure
                        : unavailable("the routing change was not committed", failure)));
  }

  private static Future<Void> swap(SqlConnection connection, Tuple swap, long baseRevision) {
    return connection
        .preparedQuery(SWAP)
        .execute(swap)
        .compose(
            rows ->
                rows.rowCount() == 1
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        GatewayFailure.of(
                            ErrorCode.CONFLICT,
                            "the routing changed on another replica (it was at revision "
                                + baseRevision
                                + " when this change began); read it again and retry")));
  }

  /** Puts {@code snapshot} in force unless a newer one already is. */
  private synchronized RoutingSnapshot install(RoutingSnapshot snapshot) {
    RoutingSnapshot serving = current.get();
    if (serving != null && serving.revision() >= snapshot.revision()) {
      return serving;
    }
    current.set(snapshot);
    AliasChange.publish(metrics, snapshot);
    if (serving != null) {
      LOG.info("routing revision {} in force (was {})", snapshot.revision(), serving.revision());
    }
    return snapshot;
  }

  private GatewayFailure unavailable(String what, Throwable failure) {
    down(failure);
    return GatewayFailure.retryable(
        ErrorCode.STORE_UNAVAILABLE,
        what + ": " + db.config().shown() + " does not answer (" + reason(failure) + ")",
        StoreHealth.RETRY_SECONDS,
        failure);
  }

  private void up() {
    if (!health.up()) {
      LOG.info("routing store {} answers again", db.config().shown());
    }
    health = new StoreHealth("postgresql", true, null, null);
    metrics.routingStoreUp(true);
  }

  private void down(Throwable failure) {
    StoreHealth was = health;
    if (was.up() && current.get() != null) {
      LOG.warn(
          "routing store {} does not answer ({}); serving routing revision {} meanwhile",
          db.config().shown(),
          reason(failure),
          current.get().revision());
    }
    health =
        new StoreHealth("postgresql", false, was.up() ? now() : was.downSince(), reason(failure));
    metrics.routingStoreUp(false);
  }

  /** The failure's first line: Flyway's messages go on for several. */
  private static String reason(Throwable failure) {
    String message = failure.getMessage();
    return message == null
        ? failure.getClass().getSimpleName()
        : message.strip().lines().findFirst().orElse("");
  }

  private static long backoff(int attempt) {
    return Math.min(MAX_BACKOFF_MILLIS, 500L << Math.min(attempt, 6));
  }

  private Future<Void> timer(long millis) {
    return Future.future(promise -> vertx.setTimer(millis, id -> promise.complete()));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
