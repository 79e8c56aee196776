package dev.keyshift.gateway.cli.rewrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Pattern;

/**
 * A PostgreSQL table over JDBC. Rows are read in key order by keyset pagination ({@code WHERE key >
 * last ORDER BY key LIMIT n}, never OFFSET) on a read-only session, and each moved blob is written
 * back by compare-and-set ({@code UPDATE … SET blob = new WHERE key = k AND blob = old}, one
 * statement per page over arrays of keys and blobs): a row the application rewrote meanwhile keeps
 * what the application wrote.
 *
 * <p>Table and column names are checked to be plain identifiers, quoted, and looked up in the
 * catalog before any statement uses them; values are always bound parameters. {@code --where} is
 * SQL from the operator, run read-only.
 */
final class PostgresSource implements BlobSource {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");
  private static final Pattern CATALOG_TYPE = Pattern.compile("[a-z0-9 _(),\\[\\]]+");

  /** What is needed to open the source. */
  record Settings(
      String url,
      Path passwordFile,
      String table,
      String keyColumn,
      String blobColumn,
      String routingKeyColumn,
      String where,
      int writers) {}

  private final Settings settings;
  private final Properties properties;
  private final Connection reader;
  private final BlockingQueue<Connection> writers;
  private final String quotedTable;
  private final String keyType;
  private final String select;
  private final String selectFirst;
  private final String update;
  private String last;

  PostgresSource(Settings settings) {
    this.settings = settings;
    this.properties = properties(settings.passwordFile());
    this.quotedTable = quotedTable(settings.table());
    String key = quoted(settings.keyColumn(), "--key-column");
    String blob = quoted(settings.blobColumn(), "--blob-column");
    String routingKey =
        settings.routingKeyColumn() == null
            ? "NULL"
            : quoted(settings.routingKeyColumn(), "--routing-key-column");
    String where = where(settings.where());
    this.reader = connect(true);
    this.writers = new ArrayBlockingQueue<>(Math.max(1, settings.writers()));
    try {
      checkTable();
      this.keyType = columnType(settings.keyColumn(), "--key-column");
      checkUnique();
      checkText(columnType(settings.blobColumn(), "--blob-column"));
      if (settings.routingKeyColumn() != null) {
        columnType(settings.routingKeyColumn(), "--routing-key-column");
      }
      // Output names of their own: ORDER BY a name an output column also has would sort by the
      // key's text ("10" before "9"), not by the key the keyset condition compares.
      String columns =
          key + "::text AS ks_key, " + blob + " AS ks_blob, " + routingKey + "::text AS ks_routing";
      this.selectFirst =
          "SELECT " + columns + " FROM " + quotedTable + where + " ORDER BY " + key + " LIMIT ?";
      this.select =
          "SELECT "
              + columns
              + " FROM "
              + quotedTable
              + where
              + (where.isEmpty() ? " WHERE " : " AND ")
              + key
              + " > CAST(? AS "
              + keyType
              + ") ORDER BY "
              + key
              + " LIMIT ?";
      // One statement per page: the page's keys, old and new blobs as arrays, joined to the table.
      this.update =
          "UPDATE "
              + quotedTable
              + " AS t SET "
              + blob
              + " = v.new_blob FROM unnest(CAST(? AS text[]), CAST(? AS text[]),"
              + " CAST(? AS text[])) AS v(k, old_blob, new_blob) WHERE t."
              + key
              + " = CAST(v.k AS "
              + keyType
              + ") AND t."
              + blob
              + " = v.old_blob RETURNING v.k";
      for (int i = 0; i < Math.max(1, settings.writers()); i++) {
        writers.add(connect(false));
      }
    } catch (SQLException e) {
      closeQuietly();
      throw new JobFailure("PostgreSQL refused the job: " + e.getMessage());
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  @Override
  public String name() {
    String url = settings.url().substring("jdbc:".length());
    int query = url.indexOf('?');
    return (query < 0 ? url : url.substring(0, query))
        + " "
        + settings.table()
        + "."
        + settings.blobColumn();
  }

  @Override
  public String fingerprint() {
    return name() + " key " + settings.keyColumn() + " where " + settings.where();
  }

  @Override
  public long estimate() throws SQLException {
    try (PreparedStatement count =
            reader.prepareStatement(
                "SELECT count(*) FROM " + quotedTable + where(settings.where()));
        ResultSet rows = count.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Override
  public void resumeAfter(Object position) {
    last = (String) position;
  }

  @Override
  public List<Row> read(int max) throws SQLException {
    List<Row> rows = new ArrayList<>(max);
    try (PreparedStatement page = reader.prepareStatement(last == null ? selectFirst : select)) {
      int i = 1;
      if (last != null) {
        page.setString(i++, last);
      }
      page.setInt(i, max);
      try (ResultSet result = page.executeQuery()) {
        while (result.next()) {
          rows.add(new Row(result.getString(1), result.getString(2), result.getString(3)));
        }
      }
    }
    if (!rows.isEmpty()) {
      last = (String) rows.get(rows.size() - 1).key();
    }
    return rows;
  }

  @Override
  public Object positionAfter(List<Row> rows) {
    return rows.get(rows.size() - 1).key();
  }

  @Override
  public List<Outcome> write(Page page, List<Outcome> outcomes) throws Exception {
    List<Integer> moved = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i).kind() == Outcome.Kind.REWRAPPED) {
        moved.add(i);
      }
    }
    if (moved.isEmpty()) {
      return outcomes;
    }
    Connection connection = writers.take();
    try {
      Set<String> written = compareAndSet(connection, page, outcomes, moved);
      List<Outcome> answered = new ArrayList<>(outcomes);
      for (int i : moved) {
        if (!written.contains((String) page.rows().get(i).key())) {
          answered.set(i, outcomes.get(i).conflicted(page.rows().get(i).blob()));
        }
      }
      return answered;
    } finally {
      writers.add(connection);
    }
  }

  @Override
  public Object commit(Page page, List<Outcome> outcomes) {
    return page.end();
  }

  @Override
  public void close() {
    closeQuietly();
  }

  /** Writes the moved rows that still hold what was read; answers their keys. */
  private Set<String> compareAndSet(
      Connection connection, Page page, List<Outcome> outcomes, List<Integer> moved)
      throws SQLException {
    String[] keys = new String[moved.size()];
    String[] olds = new String[moved.size()];
    String[] news = new String[moved.size()];
    for (int j = 0; j < moved.size(); j++) {
      Row row = page.rows().get(moved.get(j));
      keys[j] = (String) row.key();
      olds[j] = row.blob();
      news[j] = outcomes.get(moved.get(j)).blob();
    }
    Set<String> written = new HashSet<>();
    try (PreparedStatement cas = connection.prepareStatement(update)) {
      cas.setArray(1, connection.createArrayOf("text", keys));
      cas.setArray(2, connection.createArrayOf("text", olds));
      cas.setArray(3, connection.createArrayOf("text", news));
      try (ResultSet result = cas.executeQuery()) {
        while (result.next()) {
          written.add(result.getString(1));
        }
      }
    }
    return written;
  }

  /** A read-only session refuses writes in every statement, whatever {@code --where} calls. */
  private Connection connect(boolean readOnly) {
    Properties session = new Properties();
    session.putAll(properties);
    if (readOnly) {
      session.setProperty("readOnly", "true");
      session.setProperty("readOnlyMode", "always");
    }
    try {
      return DriverManager.getConnection(settings.url(), session);
    } catch (SQLException e) {
      throw new JobFailure("cannot connect to " + name() + ": " + e.getMessage());
    }
  }

  private void checkTable() throws SQLException {
    try (PreparedStatement regclass = reader.prepareStatement("SELECT to_regclass(?)")) {
      regclass.setString(1, quotedTable);
      try (ResultSet result = regclass.executeQuery()) {
        result.next();
        if (result.getString(1) == null) {
          throw new JobFailure("no table " + settings.table() + " in " + name());
        }
      }
    }
  }

  private String columnType(String column, String option) throws SQLException {
    try (PreparedStatement type =
        reader.prepareStatement(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = CAST(? AS regclass) AND attname = ? AND attnum > 0"
                + " AND NOT attisdropped")) {
      type.setString(1, quotedTable);
      type.setString(2, column);
      try (ResultSet result = type.executeQuery()) {
        if (!result.next()) {
          throw new JobFailure(option + ": table " + settings.table() + " has no column " + column);
        }
        String name = result.getString(1);
        if (!CATALOG_TYPE.matcher(name).matches()) {
          throw new JobFailure(option + ": column " + column + " has an unsupported type " + name);
        }
        return name;
      }
    }
  }

  private void checkUnique() throws SQLException {
    try (PreparedStatement unique =
        reader.prepareStatement(
            "SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a"
                + " ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
                + " WHERE i.indrelid = CAST(? AS regclass) AND i.indisunique"
                + " AND i.indnkeyatts = 1 AND i.indpred IS NULL AND a.attname = ?)")) {
      unique.setString(1, quotedTable);
      unique.setString(2, settings.keyColumn());
      try (ResultSet result = unique.executeQuery()) {
        result.next();
        if (!result.getBoolean(1)) {
          throw new JobFailure(
              "--key-column: "
                  + settings.keyColumn()
                  + " is not unique in "
                  + settings.table()
                  + " (no primary key or unique index on it alone); the job pages and writes"
                  + " back by it, so it must identify one row");
        }
      }
    }
  }

  private void checkText(String type) {
    if (!type.equals("text") && !type.startsWith("character varying")) {
      throw new JobFailure(
          "--blob-column: "
              + settings.blobColumn()
              + " is "
              + type
              + "; the job reads envelopes and base64 legacy blobs from text columns");
    }
  }

  private void closeQuietly() {
    List<Connection> all = new ArrayList<>(writers);
    all.add(reader);
    for (Connection connection : all) {
      try {
        if (connection != null) {
          connection.close();
        }
      } catch (SQLException e) {
        // closing: nothing left to do
      }
    }
  }

  private static String quotedTable(String table) {
    String[] parts = table.split("\\.", -1);
    if (parts.length > 2) {
      throw new JobFailure("--table: " + table + " is not a table name (schema.table at most)");
    }
    StringBuilder quoted = new StringBuilder();
    for (String part : parts) {
      quoted.append(quoted.length() == 0 ? "" : ".").append(quoted(part, "--table"));
    }
    return quoted.toString();
  }

  private static String quoted(String identifier, String option) {
    if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
      throw new JobFailure(
          option + ": " + identifier + " is not a plain identifier (letters, digits, _, $)");
    }
    return '"' + identifier + '"';
  }

  private static String where(String where) {
    if (where == null || where.isBlank()) {
      return "";
    }
    if (where.contains(";")) {
      throw new JobFailure("--where: one condition, no ';'");
    }
    return " WHERE (" + where + ")";
  }

  private static Properties properties(Path passwordFile) {
    Properties properties = new Properties();
    if (passwordFile != null) {
      try {
        properties.setProperty("password", Files.readString(passwordFile).strip());
      } catch (IOException e) {
        throw new JobFailure("cannot read --db-password-file: " + e.getMessage());
      }
    }
    return properties;
  }
}
