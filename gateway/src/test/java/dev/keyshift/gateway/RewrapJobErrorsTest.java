package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ALL_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code keyshift rewrap} says to bad usage and to sources, gateways and tokens that refuse
 * it: one line, exit 2 (or 3 when it ran but some rows are not blobs of the alias), and no row
 * changed.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RewrapJobErrorsTest {
  Path dir;
  PostgresServer postgres;
  TestGateway gw;
  Connection db;

  @BeforeAll
  void start(Vertx vertx, @TempDir Path folder) throws Exception {
    dir = folder;
    gw = TestGateway.start(vertx, dir, TestGateway.ROUTING);
    Files.writeString(dir.resolve("all.token"), ALL_TOKEN);
    Files.writeString(dir.resolve("wrap-only.token"), TestGateway.WRAP_ONLY_TOKEN);
    postgres = PostgresServer.start();
    db = postgres.connect();
    String v1 = gw.wrap("orders", new byte[32], null).getString("ciphertext");
    String billing = gw.wrap("billing", new byte[32], null).getString("ciphertext");
    try (Statement ddl = db.createStatement()) {
      ddl.execute("CREATE TABLE secrets (id text PRIMARY KEY, dek text)");
      ddl.execute("INSERT INTO secrets VALUES ('a', '" + v1 + "'), ('b', 'garbage'), ('c', NULL)");
      ddl.execute("CREATE TABLE foreign_blobs (id int PRIMARY KEY, dek text)");
      ddl.execute("INSERT INTO foreign_blobs VALUES (1, '" + billing + "'), (2, '" + v1 + "')");
      ddl.execute("CREATE TABLE dup (id int, dek text)");
      ddl.execute("CREATE TABLE raw (id int PRIMARY KEY, dek bytea)");
    }
  }

  @AfterAll
  void stop() throws Exception {
    db.close();
    postgres.close();
    gw.close();
  }

  @Test
  void usageAndSourceProblems_areOneLineAndExitTwo() throws Exception {
    String[][] cases = {
      {"no table nope", "--table", "nope"},
      {"has no column nope", "--blob-column", "nope"},
      {"is not unique", "--table", "dup"},
      {"bytea", "--table", "raw"},
      {"not a plain identifier", "--table", "secrets; DROP TABLE secrets"},
      {"not a plain identifier", "--key-column", "id\" OR 1=1 --"},
      {"no ';'", "--where", "true; DELETE FROM secrets"},
      {"--batch must be from 1 to 1000", "--batch", "1001"},
      {"--rate must be rows per second", "--rate", "fast"},
      {"refused the job: HTTP 403", "--token-file", dir.resolve("wrap-only.token").toString()},
      {"cannot reach", "--gateway", "http://127.0.0.1:" + closedPort()},
      {
        "cannot connect",
        "--source",
        "jdbc:postgresql://127.0.0.1:" + closedPort() + "/app?user=keyshift"
      },
      {"--source must be jsonl:FILE or jdbc:postgresql", "--source", "s3://bucket/blobs"},
    };
    for (String[] c : cases) {
      List<String> before = rows("secrets");
      CliRun run = CliRun.of(override(c));
      assertThat(run.code()).as("%s: %s", c[1], run.err()).isEqualTo(2);
      assertThat(run.err().strip())
          .as(c[1])
          .contains(c[0])
          .doesNotContain("\n")
          .doesNotContain("Exception");
      assertThat(rows("secrets")).as("no row changed by %s", c[1]).isEqualTo(before);
    }
  }

  @Test
  void blobsOfAnotherAlias_areReportedAndLeftAlone_exitThree() throws Exception {
    List<String> before = rows("foreign_blobs");
    CliRun run = CliRun.of(override(new String[] {"", "--table", "foreign_blobs", "--json"}));
    assertThat(run.code()).as(run.err()).isEqualTo(3);
    assertThat(run.out()).contains("\"invalid\" : 1").contains("an envelope of alias billing");
    assertThat(rows("foreign_blobs")).isEqualTo(before);
  }

  @Test
  void dryRun_countsPerVersion_andChangesNothing() throws Exception {
    List<String> before = rows("secrets");
    CliRun run = CliRun.of(override(new String[] {"", "--dry-run", "--json"}));
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("\"v1\" : 1")
        .contains("\"legacy\" : 1")
        .contains("\"empty\" : 1");
    assertThat(rows("secrets")).isEqualTo(before);
  }

  @Test
  void where_limitsTheRowsRead() {
    CliRun run =
        CliRun.of(override(new String[] {"", "--dry-run", "--json", "--where", "id <> 'b'"}));
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("\"scanned\" : 2")
        .contains("\"v1\" : 1")
        .doesNotContain("legacy");
  }

  private String[] override(String[] c) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "rewrap",
                "orders",
                "--source",
                postgres.jdbcUrl(),
                "--table",
                "secrets",
                "--key-column",
                "id",
                "--blob-column",
                "dek",
                "--token-file",
                dir.resolve("all.token").toString(),
                "--gateway",
                gw.data("").toString()));
    for (int i = 1; i < c.length; i++) {
      int at = args.indexOf(c[i]);
      if (c[i].startsWith("--") && at >= 0 && i + 1 < c.length && !c[i + 1].startsWith("--")) {
        args.set(at + 1, c[++i]);
      } else {
        args.add(c[i]);
      }
    }
    return args.toArray(String[]::new);
  }

  private List<String> rows(String table) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Statement select = db.createStatement();
        ResultSet result =
            select.executeQuery("SELECT id::text, dek::text FROM " + table + " ORDER BY 1")) {
      while (result.next()) {
        rows.add(result.getString(1) + "=" + result.getString(2));
      }
    }
    return rows;
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
