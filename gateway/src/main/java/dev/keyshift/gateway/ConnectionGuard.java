package dev.keyshift.gateway;

import dev.keyshift.gateway.config.ConnectionLimits;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;
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
 *
 * <p>A keep-alive connection answers thousands of requests a second, so arming the timeout must
 * cost no timer: each connection keeps the time it started waiting, and one timer per connection
 * checks it, rescheduling itself for what is left while the connection keeps answering.
 *
 * <p>An idle keep-alive connection is closed by that same timeout. A client that sends its next
 * request on such a connection just as it closes loses that request ("connection closed"), so every
 * HTTP/1.1 answer says how long the connection may idle ({@code Keep-Alive: timeout=N}, {@link
 * #idleSeconds}): clients that honour it (Vert.x, Apache HttpClient, Node's undici) let the
 * connection go first.
 */
final class ConnectionGuard {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final long NOT_WAITING = Long.MIN_VALUE;
  private static final CharSequence KEEP_ALIVE = HttpHeaders.createOptimized("Keep-Alive");

  private final Vertx vertx;
  private final ConnectionLimits limits;
  private final AtomicInteger open;
  private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();
  private final CharSequence keepAlive;

  /**
   * @param open the listener's open connections, shared by all its server instances
   */
  ConnectionGuard(Vertx vertx, ConnectionLimits limits, AtomicInteger open) {
    this.vertx = vertx;
    this.limits = limits;
    this.open = open;
    this.keepAlive = HttpHeaders.createOptimized("timeout=" + idleSeconds(limits));
  }

  /**
   * The seconds an idle connection is kept, as answers advertise it: two under the limit, so that a
   * client checking its pool once a second (as the Vert.x client does) still lets go first, and
   * never with a digit 9, which the Vert.x 5.0 client's parser refuses (it reads '0' to '8' as
   * digits), ignoring the whole header.
   */
  static long idleSeconds(ConnectionLimits limits) {
    Duration limit =
        limits.headerTimeout().compareTo(limits.idleTimeout()) < 0
            ? limits.headerTimeout()
            : limits.idleTimeout();
    long seconds = Math.max(1, limit.toSeconds() - 2);
    while (seconds > 1 && Long.toString(seconds).indexOf('9') >= 0) {
      seconds--;
    }
    return seconds;
  }

  void onConnection(HttpConnection connection) {
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      LOG.debug("connection refused: {} connections open", limits.maxConnections());
      connection.close();
      return;
    }
    Watch watch = new Watch(connection);
    watches.put(connection, watch);
    connection.closeHandler(
        closed -> {
          open.decrementAndGet();
          watches.remove(connection);
          watch.waitingSince = NOT_WAITING;
        });
    watch.arm();
  }

  /** The request handler, seeing each request head arrive before {@code next} does. */
  Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
    return request -> {
      Watch watch = watches.get(request.connection());
      if (watch != null) {
        watch.waitingSince = NOT_WAITING;
        if (request.version() != HttpVersion.HTTP_2) {
          request.response().putHeader(KEEP_ALIVE, keepAlive).endHandler(watch);
        }
      }
      next.handle(request);
    };
  }

  /**
   * One connection's wait for a request head; touched only on the connection's event loop. As the
   * handler of each answer's end it arms itself again.
   */
  private final class Watch implements Handler<Void> {
    private final HttpConnection connection;
    private long waitingSince = NOT_WAITING;
    private boolean timerSet;

    Watch(HttpConnection connection) {
      this.connection = connection;
    }

    @Override
    public void handle(Void answered) {
      arm();
    }

    void arm() {
      waitingSince = System.nanoTime();
      if (!timerSet) {
        check(limits.headerTimeout().toNanos());
      }
    }

    private void check(long inNanos) {
      timerSet = true;
      vertx.setTimer(Math.max(1, inNanos / 1_000_000), id -> expireOrReschedule());
    }

    private void expireOrReschedule() {
      timerSet = false;
      if (waitingSince == NOT_WAITING) {
        return;
      }
      long left = limits.headerTimeout().toNanos() - (System.nanoTime() - waitingSince);
      if (left > 0) {
        check(left);
        return;
      }
      LOG.debug("connection closed: no request head within {}", limits.headerTimeout());
      connection.close();
    }
  }
}
