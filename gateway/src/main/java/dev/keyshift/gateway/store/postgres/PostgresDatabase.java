package dev.keyshift.gateway.store.postgres;

import dev.keyshift.gateway.config.PostgresConfig;
import dev.keyshift.gateway.config.SecretFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.SslMode;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The shared store's database as {@code routing.postgres} names it: a reactive pool for serving, a
 * subscriber for {@code LISTEN}, and a JDBC data source for the schema migrations (Flyway) and the
 * CLI. Both clients get the same server, user, password and TLS settings.
 */
public final class PostgresDatabase {
  /** Few connections: admin changes, re-reads and usage flushes are all small and rare. */
  static final int POOL_SIZE = 4;

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final PostgresConfig config;
  private final String password;
  private final Pool pool;
  private final Vertx vertx;

  private PostgresDatabase(Vertx vertx, PostgresConfig config, String password) {
    this.vertx = vertx;
    this.config = config;
    this.password = password;
    this.pool =
        PgBuilder.pool()
            .with(
                new PoolOptions()
                    .setMaxSize(POOL_SIZE)
                    .setConnectionTimeout(CONNECT_TIMEOUT_MILLIS)
                    .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
            .with(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS))
            .connectingTo(connectOptions("keyshift-store"))
            .using(vertx)
            .build();
  }

  /** Reads the password file (on a worker thread) and builds the clients; connects lazily. */
  public static Future<PostgresDatabase> open(Vertx vertx, PostgresConfig config) {
    return vertx.executeBlocking(
        () -> new PostgresDatabase(vertx, config, password(config)), false);
  }

  /** The JDBC data source for the same database (blocking callers only). */
  public static DataSource dataSource(PostgresConfig config) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setServerNames(new String[] {config.host()});
    source.setPortNumbers(new int[] {config.port()});
    source.setDatabaseName(config.database());
    source.setUser(config.user());
    source.setPassword(password(config));
    source.setSslMode(config.sslMode());
    source.setConnectTimeout(CONNECT_TIMEOUT_MILLIS / 1000);
    source.setApplicationName("keyshift");
    if (config.trustPem() != null) {
      source.setSslRootCert(config.trustPem().toString());
    } else if (config.sslMode().startsWith("verify")) {
      // Without trust-pem the JDK's CAs decide, as for the reactive client; pgjdbc would look
      // for ~/.postgresql/root.crt instead.
      source.setSslfactory("org.postgresql.ssl.DefaultJavaSSLFactory");
    }
    return source;
  }

  public PostgresConfig config() {
    return config;
  }

  Pool pool() {
    return pool;
  }

  Vertx vertx() {
    return vertx;
  }

  /** A new subscriber for {@code LISTEN}; its connection is its own, never the pool's. */
  PgSubscriber subscriber() {
    return PgSubscriber.subscriber(vertx, connectOptions("keyshift-store-listen"));
  }

  /** A connection of its own, outside the pool, for a session that must last (a lock). */
  Future<SqlConnection> connect(String client) {
    return PgConnection.connect(vertx, connectOptions(client)).map(c -> (SqlConnection) c);
  }

  /** Creates or migrates the schema (Flyway, on a worker thread). */
  public Future<Integer> migrate() {
    return vertx.executeBlocking(() -> Migrations.migrate(dataSource(config)), false);
  }

  public Future<Void> close() {
    return pool.close();
  }

  /** The connection settings; {@code client} names the client in Vert.x's meters. */
  private PgConnectOptions connectOptions(String client) {
    PgConnectOptions options =
        new PgConnectOptions()
            .setHost(config.host())
            .setPort(config.port())
            .setDatabase(config.database())
            .setUser(config.user())
            .setSslMode(SslMode.of(config.sslMode()));
    options.addProperty("application_name", "keyshift");
    options.setMetricsName(client);
    if (password != null) {
      options.setPassword(password);
    }
    ClientSSLOptions ssl =
        new ClientSSLOptions()
            .setHostnameVerificationAlgorithm(
                config.sslMode().equals("verify-full") ? "HTTPS" : "");
    if (config.trustPem() != null) {
      ssl.setTrustOptions(new PemTrustOptions().addCertPath(config.trustPem().toString()));
    } else if (!config.sslMode().startsWith("verify")) {
      // allow, prefer and require encrypt without checking the server, as libpq does.
      ssl.setTrustAll(true);
    }
    return options.setSslOptions(ssl);
  }

  private static String password(PostgresConfig config) {
    if (config.passwordFile() == null) {
      return null;
    }
    try {
      return SecretFiles.read(config.passwordFile());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "routing.postgres.password-file cannot be read: " + e.getMessage(), e);
    }
  }
}
