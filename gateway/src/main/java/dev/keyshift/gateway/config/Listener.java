package dev.keyshift.gateway.config;

/**
 * Where one HTTP listener binds.
 *
 * @param host interface address; 127.0.0.1 unless configured
 * @param port TCP port; 0 picks a free one
 * @param tls TLS settings, or null for plain HTTP
 */
public record Listener(String host, int port, TlsConfig tls) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_DATA_PORT = 8080;
  public static final int DEFAULT_ADMIN_PORT = 8081;

  public Listener(String host, int port) {
    this(host, port, null);
  }

  public Listener withPort(int newPort) {
    return new Listener(host, newPort, tls);
  }

  /** The URL scheme clients use. */
  public String scheme() {
    return tls == null ? "http" : "https";
  }
}
