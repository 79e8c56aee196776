package dev.keyshift.gateway;

import dev.keyshift.gateway.config.ConnectionLimits;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a listener's connections to its {@link ConnectionLimits}: beyond {@code max-connections} a
 * new connection is closed at once, and a connection that has not sent a whole request head within
 * {@code header-timeout} of opening (or, on HTTP/1.x keep-alive, of its last answer) is closed, so
 * clients trickling headers cannot hold the gateway.
 */
final class ConnectionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

  private final Vertx vertx;
  private final ConnectionLimits limits;
  private final AtomicInteger open;
  private final Map<HttpConnection, Long> awaitingHead = new ConcurrentHashMap<>();

  /**
   * @param open the listener's open connections, shared by all its server instances
   */
  ConnectionGuard(Vertx vertx, ConnectionLimits limits, AtomicInteger open) {
    this.vertx = vertx;
    this.limits = limits;
    this.open = open;
  }

  void onConnection(HttpConnection connection) {
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      LOG.debug("connection refused: {} connections open", limits.maxConnections());
      connection.close();
      return;
    }
    connection.closeHandler(
        closed -> {
          open.decrementAndGet();
          disarm(connection);
        });
    arm(connection);
  }

  /** The request handler, seeing each request head arrive before {@code next} does. */
  Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
    return request -> {
      HttpConnection connection = request.connection();
      disarm(connection);
      if (request.version() != HttpVersion.HTTP_2) {
        request.response().endHandler(done -> arm(connection));
      }
      next.handle(request);
    };
  }

  private void arm(HttpConnection connection) {
    long timer =
        vertx.setTimer(
            limits.headerTimeout().toMillis(),
            id -> {
              if (awaitingHead.remove(connection, id)) {
                LOG.debug("connection closed: no request head within {}", limits.headerTimeout());
                connection.close();
              }
            });
    Long previous = awaitingHead.put(connection, timer);
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
  }

  private void disarm(HttpConnection connection) {
    Long timer = awaitingHead.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
