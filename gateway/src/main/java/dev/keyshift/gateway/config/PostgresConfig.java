package dev.keyshift.gateway.config;

import dev.keyshift.routing.file.FieldProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared routing store ({@code routing.postgres}): routing, audit and usage in one PostgreSQL
 * database that every replica reads.
 *
 * @param url {@code postgresql://host:5432/database}; a direct connection, since {@code LISTEN}
 *     does not pass a transaction-pooling PgBouncer
 * @param user the database user
 * @param passwordFile the user's password, or null (trust or certificate authentication)
 * @param sslMode {@code disable}, {@code prefer} (the default), {@code require}, {@code verify-ca}
 *     or {@code verify-full}
 * @param trustPem CA certificates for the server's certificate, or null for the JDK's
 */
public record PostgresConfig(
    String url, String user, Path passwordFile, String sslMode, Path trustPem) {

  /** The TLS modes both the reactive client and JDBC know, as PostgreSQL spells them. */
  public static final List<String> SSL_MODES =
      List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  public PostgresConfig {
    FieldProblem.requiredText(url, "url");
    URI uri = uri(url);
    FieldProblem.check(
        uri.getHost() != null && uri.getPath() != null && uri.getPath().length() > 1,
        "url",
        "must name a host and a database, like postgresql://db.example:5432/keyshift");
    FieldProblem.check(
        uri.getUserInfo() == null,
        "url",
        "must not carry a user or password: use user and password-file");
    FieldProblem.check(uri.getQuery() == null, "url", "must not carry options: use ssl-mode");
    FieldProblem.requiredText(user, "user");
    if (passwordFile != null) {
      TlsConfig.readable(passwordFile, "password-file");
    }
    sslMode = sslMode == null ? "prefer" : sslMode;
    FieldProblem.check(
        SSL_MODES.contains(sslMode), "ssl-mode", "must be one of " + String.join(", ", SSL_MODES));
    if (trustPem != null) {
      TlsConfig.readable(trustPem, "trust-pem");
    }
  }

  public String host() {
    return uri(url).getHost();
  }

  /** The port, 5432 when the URL names none. */
  public int port() {
    int port = uri(url).getPort();
    return port < 0 ? 5432 : port;
  }

  public String database() {
    return uri(url).getPath().substring(1);
  }

  /** The URL without secrets, for log lines. */
  public String shown() {
    return "postgresql://" + host() + ":" + port() + "/" + database();
  }

  private static URI uri(String url) {
    try {
      URI uri = new URI(url);
      FieldProblem.check(
          "postgresql".equals(uri.getScheme()) || "postgres".equals(uri.getScheme()),
          "url",
          "must start with postgresql://");
      return uri;
    } catch (URISyntaxException e) {
      throw new FieldProblem("url", "is not a URL: " + e.getReason());
    }
  }
}
