package dev.keyshift.gateway.store.postgres;

import dev.keyshift.gateway.store.RunnerLock;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan runner's lock on the shared store: a session-level advisory lock on a connection of its
 * own. PostgreSQL lets it go when the session ends, so a replica that dies (even by SIGKILL) hands
 * it over at its next attempt by another. Every step a runner applies is also a compare-and-set on
 * the alias's revision, so even two runners for a moment (a session the database dropped before
 * this side noticed) never apply a step twice.
 */
public final class PostgresRunnerLock implements RunnerLock {
  /** The advisory lock's key: "keyshift" in ASCII. */
  static final long KEY = 0x6b65797368696674L;

  private static final Logger LOG = LoggerFactory.getLogger(PostgresRunnerLock.class);

  private final PostgresDatabase db;
  private SqlConnection connection;
  private boolean held;
  private boolean closed;

  public PostgresRunnerLock(PostgresDatabase db) {
    this.db = db;
  }

  @Override
  public synchronized Future<Boolean> hold() {
    if (closed) {
      return Future.succeededFuture(false);
    }
    Future<SqlConnection> open =
        connection != null ? Future.succeededFuture(connection) : connect();
    return open.compose(this::query).map(this::result).otherwise(this::lost);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (connection != null) {
      connection.close();
      connection = null;
    }
  }

  private Future<SqlConnection> connect() {
    return db.connect("keyshift-plan-runner")
        .map(
            opened -> {
              synchronized (this) {
                connection = opened;
                opened.closeHandler(ignored -> lostConnection(opened));
              }
              return opened;
            });
  }

  /** A holder checks its session still answers; others try to take the lock. */
  private Future<Boolean> query(SqlConnection on) {
    if (held) {
      return on.query("SELECT 1").execute().map(true);
    }
    return on.preparedQuery("SELECT pg_try_advisory_lock($1) AS taken")
        .execute(Tuple.of(KEY))
        .map(rows -> rows.iterator().next().getBoolean("taken"));
  }

  private synchronized boolean result(boolean holding) {
    if (holding && !held) {
      LOG.info("this gateway now runs the cutover plans (advisory lock taken)");
    }
    held = holding;
    return holding;
  }

  private synchronized boolean lost(Throwable failure) {
    if (held) {
      LOG.warn("plan runner lock lost ({}); another replica may take it", failure.getMessage());
    }
    held = false;
    if (connection != null) {
      connection.close();
      connection = null;
    }
    return false;
  }

  private synchronized void lostConnection(SqlConnection which) {
    if (connection == which) {
      connection = null;
      if (held && !closed) {
        LOG.warn("plan runner lock lost with its connection; another replica may take it");
      }
      held = false;
    }
  }
}
