package dev.keyshift.gateway.config;

/**
 * Where one HTTP listener binds.
 *
 * @param host interface address; 127.0.0.1 unless configured
 * @param port TCP port; 0 picks a free one
 */
public record Listener(String host, int port) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_DATA_PORT = 8080;
  public static final int DEFAULT_ADMIN_PORT = 8081;

  public Listener withPort(int newPort) {
    return new Listener(host, newPort);
  }
}
