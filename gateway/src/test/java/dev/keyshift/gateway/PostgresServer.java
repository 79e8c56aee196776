package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster: {@code initdb} in a temporary folder, {@code pg_ctl start} on a
 * free loopback port with trust authentication, one database; stopped and deleted by {@link
 * #close}. PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user that
 * Debian's package creates.
 */
final class PostgresServer implements AutoCloseable {
  static final String USER = "keyshift";
  static final String DATABASE = "app";

  private final Path dir;
  private final Path bin;
  private final int port;

  private PostgresServer(Path dir, Path bin, int port) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
  }

  /** Starts a cluster. */
  static PostgresServer start() throws Exception {
    Path bin = binaries();
    assertThat(bin).as("PostgreSQL is needed: apt-get install postgresql").isNotNull();
    Path dir = Files.createTempDirectory("keyshift-pg-");
    asServerUser(dir);
    PostgresServer server = new PostgresServer(dir, bin, freePort());
    try {
      server.run(
          bin.resolve("initdb").toString(),
          "-D",
          server.data(),
          "-A",
          "trust",
          "-U",
          USER,
          "-E",
          "UTF8",
          "--no-sync");
      server.startServer();
      try (Connection admin = DriverManager.getConnection(server.url("postgres"), USER, "");
          Statement create = admin.createStatement()) {
        create.execute("CREATE DATABASE " + DATABASE);
      }
      return server;
    } catch (Exception | AssertionError e) {
      server.close();
      throw e;
    }
  }

  /** Stops the server as a crash would ({@code pg_ctl stop -m immediate}). */
  void stopImmediately() throws IOException, InterruptedException {
    run(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop");
  }

  /** Starts the stopped server again, on the same port and data. */
  void restart() throws IOException, InterruptedException {
    startServer();
  }

  /**
   * Serves TLS with {@code cert} and {@code key} and refuses TCP connections without it or without
   * {@code password} (every {@code host ... trust} line of pg_hba.conf becomes {@code hostssl ...
   * scram-sha-256}); restarts the server.
   */
  void requireTls(Path cert, Path key, String password) throws Exception {
    try (Connection admin = connect("postgres");
        Statement alter = admin.createStatement()) {
      alter.execute("ALTER USER " + USER + " PASSWORD '" + password + "'");
    }
    Path data = Path.of(data());
    Files.copy(cert, data.resolve("server.crt"));
    Files.copy(key, data.resolve("server.key"));
    Files.setPosixFilePermissions(
        data.resolve("server.key"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Files.writeString(
        data.resolve("postgresql.conf"),
        "\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n",
        java.nio.file.StandardOpenOption.APPEND);
    Path hba = data.resolve("pg_hba.conf");
    Files.writeString(
        hba, Files.readString(hba).replaceAll("(?m)^host(\\s.*)trust$", "hostssl$1scram-sha-256"));
    if (isRoot()) {
      Process chown =
          new ProcessBuilder(
                  "chown",
                  "postgres",
                  data.resolve("server.crt").toString(),
                  data.resolve("server.key").toString())
              .inheritIO()
              .start();
      assertThat(chown.waitFor()).isZero();
    }
    run(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "fast", "-w", "stop");
    startServer();
  }

  /** Creates another database on this server. */
  void createDatabase(String name) throws SQLException {
    try (Connection admin = DriverManager.getConnection(url("postgres"), USER, "");
        Statement create = admin.createStatement()) {
      create.execute("CREATE DATABASE " + name);
    }
  }

  /** A {@code routing.postgres} config section for {@code database} on this server. */
  String routingConfig(String database) {
    return "routing: { postgres: { url: \"postgresql://127.0.0.1:"
        + port
        + "/"
        + database
        + "\", user: "
        + USER
        + ", ssl-mode: disable } }";
  }

  private void startServer() throws IOException, InterruptedException {
    run(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data(),
        "-l",
        dir.resolve("log").toString(),
        "-w",
        "-t",
        "120",
        "-o",
        "-p "
            + port
            + " -k "
            + dir
            + " -c listen_addresses=127.0.0.1 -c fsync=off"
            + " -c max_connections=200",
        "start");
  }

  /** The JDBC URL of the test database, user included. */
  String jdbcUrl() {
    return url(DATABASE) + "?user=" + USER;
  }

  Connection connect() throws SQLException {
    return connect(DATABASE);
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(url(database), USER, "");
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    try {
      if (Files.exists(dir.resolve("data/postmaster.pid"))) {
        run(bin.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "-w", "stop");
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  private void run(String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    if (isRoot()) {
      line.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s did not end", command[0]).isTrue();
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
  }

  private static void asServerUser(Path dir) throws IOException, InterruptedException {
    if (isRoot()) {
      Process chown = new ProcessBuilder("chown", "postgres", dir.toString()).inheritIO().start();
      assertThat(chown.waitFor()).isZero();
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return null;
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
          .max(
              Comparator.comparing(
                  bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
          .orElse(null);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
