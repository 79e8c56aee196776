package dev.keyshift.gateway.store.postgres;

import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.store.StoreHealth;
import dev.keyshift.gateway.usage.Scan;
import dev.keyshift.gateway.usage.UsageDelta;
import dev.keyshift.gateway.usage.UsageJson;
import dev.keyshift.gateway.usage.UsageStore;
import dev.keyshift.gateway.usage.VersionUsage;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.RoutingSnapshot;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage in the shared store: each replica adds what it counted since its last flush, so the counts
 * are the sum over every replica; the latest scan of each source, for every replica to read.
 */
public final class PostgresUsageStore implements UsageStore {
  private static final String WEIGHTS =
      "INSERT INTO keyshift_usage AS u (alias, version, since, weight_zero_since)"
          + " VALUES ($1, $2, $3::timestamptz, CASE WHEN $4::boolean THEN $3::timestamptz END)"
          + " ON CONFLICT (alias, version) DO UPDATE SET weight_zero_since ="
          + " EXCLUDED.weight_zero_since"
          + " WHERE (u.weight_zero_since IS NULL) <> (EXCLUDED.weight_zero_since IS NULL)";
  private static final String ADD =
      "INSERT INTO keyshift_usage AS u"
          + " (alias, version, since, wraps, last_wrap, unwraps, last_unwrap)"
          + " VALUES ($1, $2, $3, $4, $5, $6, $7)"
          + " ON CONFLICT (alias, version) DO UPDATE SET wraps = u.wraps + EXCLUDED.wraps,"
          + " last_wrap = GREATEST(u.last_wrap, EXCLUDED.last_wrap),"
          + " unwraps = u.unwraps + EXCLUDED.unwraps,"
          + " last_unwrap = GREATEST(u.last_unwrap, EXCLUDED.last_unwrap)";
  private static final String VERSIONS =
      "SELECT version, since, wraps, last_wrap, unwraps, last_unwrap, weight_zero_since"
          + " FROM keyshift_usage WHERE alias = $1";
  private static final String SCANS =
      "SELECT source, document FROM keyshift_scans WHERE alias = $1";
  private static final String SCAN_FOR_UPDATE =
      "SELECT document FROM keyshift_scans WHERE alias = $1 AND source = $2 FOR UPDATE";
  private static final String RECORD_SCAN =
      "INSERT INTO keyshift_scans AS s (alias, source, finished_at, document)"
          + " VALUES ($1, $2, $3, $4) ON CONFLICT (alias, source) DO UPDATE SET"
          + " finished_at = EXCLUDED.finished_at, document = EXCLUDED.document"
          + " WHERE s.finished_at <= EXCLUDED.finished_at";

  private final PostgresDatabase db;

  public PostgresUsageStore(PostgresDatabase db) {
    this.db = db;
  }

  @Override
  public Future<Void> add(List<UsageDelta> counted, RoutingSnapshot routing, Instant now) {
    List<Tuple> weights = new ArrayList<>();
    for (Alias alias : routing.aliases().values()) {
      for (KeyVersion version : alias.versions()) {
        weights.add(Tuple.of(alias.name(), version.id(), time(now), version.weight() == 0));
      }
    }
    List<Tuple> deltas = new ArrayList<>();
    for (UsageDelta d : counted) {
      deltas.add(
          Tuple.of(
              d.alias(),
              d.version(),
              time(now),
              d.wraps(),
              time(d.lastWrap()),
              d.unwraps(),
              time(d.lastUnwrap())));
    }
    return db.pool()
        .withTransaction(
            connection ->
                batch(connection, WEIGHTS, weights).compose(w -> batch(connection, ADD, deltas)))
        .recover(failure -> failed("usage cannot be stored", failure));
  }

  @Override
  public Future<Map<String, VersionUsage>> versions(String alias) {
    return db.pool()
        .preparedQuery(VERSIONS)
        .execute(Tuple.of(alias))
        .map(
            rows -> {
              Map<String, VersionUsage> versions = new TreeMap<>();
              rows.forEach(row -> versions.put(row.getString("version"), usage(row)));
              return versions;
            })
        .recover(failure -> failed("usage cannot be read", failure));
  }

  @Override
  public Future<Map<String, Scan>> scans(String alias) {
    return db.pool()
        .preparedQuery(SCANS)
        .execute(Tuple.of(alias))
        .map(
            rows -> {
              Map<String, Scan> scans = new TreeMap<>();
              rows.forEach(
                  row -> {
                    String source = row.getString("source");
                    scans.put(source, scan(source, row.getString("document")));
                  });
              return scans;
            })
        .recover(failure -> failed("scans cannot be read", failure));
  }

  @Override
  public Future<Scan> report(String alias, Scan scan) {
    return db.pool()
        .withTransaction(
            connection ->
                connection
                    .preparedQuery(SCAN_FOR_UPDATE)
                    .execute(Tuple.of(alias, scan.source()))
                    .map(
                        rows ->
                            scan.reportedAfter(
                                rows.size() == 0
                                    ? null
                                    : scan(
                                        scan.source(),
                                        rows.iterator().next().getString("document"))))
                    .compose(
                        recorded ->
                            connection
                                .preparedQuery(RECORD_SCAN)
                                .execute(
                                    Tuple.of(
                                        alias,
                                        recorded.source(),
                                        time(recorded.finishedAt()),
                                        UsageJson.scan(recorded).encode()))
                                .map(recorded)))
        .recover(failure -> failed("the scan cannot be stored", failure));
  }

  /** The database is the routing store's; it closes it. */
  @Override
  public void close() {}

  private static Future<Void> batch(SqlConnection connection, String sql, List<Tuple> rows) {
    return rows.isEmpty()
        ? Future.succeededFuture()
        : connection.preparedQuery(sql).executeBatch(rows).mapEmpty();
  }

  private static VersionUsage usage(Row row) {
    return new VersionUsage(
        instant(row.getOffsetDateTime("since")),
        new VersionUsage.Tally(row.getLong("wraps"), instant(row.getOffsetDateTime("last_wrap"))),
        new VersionUsage.Tally(
            row.getLong("unwraps"), instant(row.getOffsetDateTime("last_unwrap"))),
        instant(row.getOffsetDateTime("weight_zero_since")));
  }

  private static Scan scan(String source, String document) {
    return UsageJson.parseScan(source, new JsonObject(document));
  }

  private static <T> Future<T> failed(String what, Throwable failure) {
    return Future.failedFuture(
        failure instanceof GatewayFailure ? failure : StoreHealth.unavailable(what, failure));
  }

  private static OffsetDateTime time(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
