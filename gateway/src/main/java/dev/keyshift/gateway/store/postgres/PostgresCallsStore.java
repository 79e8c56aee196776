package dev.keyshift.gateway.store.postgres;

import dev.keyshift.gateway.store.StoreHealth;
import dev.keyshift.gateway.usage.CallsStore;
import dev.keyshift.routing.CallTally;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Plan-hold calls in the shared store: each replica adds its counts, the gates read the sum. */
public final class PostgresCallsStore implements CallsStore {
  private static final String ADD =
      "INSERT INTO keyshift_plan_calls AS c (window_key, version, bucket, calls, errors)"
          + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (window_key, version, bucket)"
          + " DO UPDATE SET calls = c.calls + EXCLUDED.calls, errors = c.errors + EXCLUDED.errors";
  private static final String READ =
      "SELECT version, bucket, calls, errors FROM keyshift_plan_calls WHERE window_key = $1";

  private final PostgresDatabase db;

  public PostgresCallsStore(PostgresDatabase db) {
    this.db = db;
  }

  @Override
  public Future<Void> add(List<CallsDelta> deltas) {
    List<Tuple> rows = new ArrayList<>();
    for (CallsDelta d : deltas) {
      rows.add(Tuple.of(d.window(), d.version(), (short) d.bucket(), d.calls(), d.errors()));
    }
    return db.pool()
        .withTransaction(connection -> connection.preparedQuery(ADD).executeBatch(rows))
        .<Void>mapEmpty()
        .recover(
            failure ->
                Future.failedFuture(
                    StoreHealth.unavailable("plan calls cannot be added", failure)));
  }

  @Override
  public Future<Map<String, CallTally>> tallies(String window) {
    return db.pool()
        .preparedQuery(READ)
        .execute(Tuple.of(window))
        .map(
            rows -> {
              Map<String, CallTally> tallies = new HashMap<>();
              rows.forEach(
                  row ->
                      tallies
                          .computeIfAbsent(row.getString("version"), v -> new CallTally())
                          .add(
                              row.getShort("bucket"), row.getLong("calls"), row.getLong("errors")));
              return tallies;
            })
        .recover(
            failure ->
                Future.failedFuture(StoreHealth.unavailable("plan calls cannot be read", failure)));
  }
}
