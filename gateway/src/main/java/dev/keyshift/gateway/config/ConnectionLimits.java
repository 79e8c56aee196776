package dev.keyshift.gateway.config;

import java.time.Duration;

/**
 * What each listener allows a client connection, so slow or numerous clients cannot hold the
 * gateway: {@code server.max-connections}, {@code server.header-timeout}, {@code
 * server.idle-timeout}.
 *
 * @param maxConnections open connections per listener at most; more are closed at once
 * @param headerTimeout how long a connection may take to send a request's head (a client trickling
 *     its headers is closed then)
 * @param idleTimeout how long a connection may stay silent
 */
public record ConnectionLimits(int maxConnections, Duration headerTimeout, Duration idleTimeout) {
  public static final ConnectionLimits DEFAULT =
      new ConnectionLimits(10_000, Duration.ofSeconds(10), Duration.ofSeconds(120));
}
