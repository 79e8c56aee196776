package dev.keyshift.gateway.store.postgres;

import dev.keyshift.gateway.config.PostgresConfig;
import dev.keyshift.routing.RoutingSnapshot;
import dev.keyshift.routing.file.RoutingFile;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Moves a file store (routing file and audit log) into an empty PostgreSQL store, in one
 * transaction: the routing as parsed and validated, with its revisions; every audit line as
 * written, in order. Blocking; for the CLI.
 */
public final class StoreImport {
  /** What was imported. */
  public record Imported(long revision, int aliases, int auditEntries, int tornLines) {}

  private StoreImport() {}

  /**
   * @param routing the routing file's routing, validated
   * @param auditLines the audit log's lines (empty without one)
   * @throws IllegalStateException when the store already holds routing or audit entries
   */
  public static Imported run(
      PostgresConfig config, RoutingSnapshot routing, List<String> auditLines) throws SQLException {
    DataSource source = PostgresDatabase.dataSource(config);
    Migrations.migrate(source);
    List<JsonObject> entries = new ArrayList<>();
    int torn = 0;
    for (String line : auditLines) {
      if (line.isBlank()) {
        continue;
      }
      try {
        entries.add(new JsonObject(line));
      } catch (RuntimeException e) {
        // A line a crash tore; the file store skips it when reading too.
        torn++;
      }
    }
    try (Connection connection = source.getConnection()) {
      connection.setAutoCommit(false);
      lockAndCheckEmpty(connection, config);
      insertRouting(connection, routing);
      insertAudit(connection, entries);
      try (PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
        notify.setString(1, PostgresRoutingStore.CHANNEL);
        notify.setString(2, Long.toString(routing.revision()));
        notify.execute();
      }
      connection.commit();
    }
    return new Imported(routing.revision(), routing.aliases().size(), entries.size(), torn);
  }

  private static void lockAndCheckEmpty(Connection connection, PostgresConfig config)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("LOCK TABLE keyshift_routing, keyshift_audit IN EXCLUSIVE MODE");
      long revision = -1;
      try (ResultSet rows = statement.executeQuery("SELECT revision FROM keyshift_routing")) {
        if (rows.next()) {
          revision = rows.getLong(1);
        }
      }
      long audited;
      try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM keyshift_audit")) {
        rows.next();
        audited = rows.getLong(1);
      }
      if (revision >= 0 || audited > 0) {
        throw new IllegalStateException(
            config.shown()
                + " is not empty ("
                + (revision >= 0 ? "routing at revision " + revision + ", " : "no routing, ")
                + audited
                + " audit entries): import only into an empty store");
      }
    }
  }

  private static void insertRouting(Connection connection, RoutingSnapshot routing)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO keyshift_routing (id, revision, document, changed_at)"
                + " VALUES (1, ?, ?, now())")) {
      insert.setLong(1, routing.revision());
      insert.setString(2, RoutingFile.write(routing));
      insert.executeUpdate();
    }
  }

  private static void insertAudit(Connection connection, List<JsonObject> entries)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO keyshift_audit (time, actor, action, alias, entry)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      for (JsonObject entry : entries) {
        insert.setTimestamp(1, Timestamp.from(Instant.parse(entry.getString("time"))));
        insert.setString(2, entry.getString("actor"));
        insert.setString(3, entry.getString("action"));
        insert.setString(4, entry.getString("alias"));
        insert.setString(5, entry.encode());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
