package dev.keyshift.gateway;

import dev.keyshift.gateway.config.ConnectionLimits;
import dev.keyshift.gateway.config.Listener;
import dev.keyshift.gateway.http.RequestGuard;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP server on its own event loop. Several instances on one port share its connections;
 * undeploying one shuts it down gracefully: it stops accepting, lets in-flight requests finish
 * within the grace period, then closes what is left.
 */
final class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  private final Handler<HttpServerRequest> requests;
  private final Listener listener;
  private final Duration grace;
  private final ConnectionLimits limits;
  private final AtomicInteger openConnections;
  private HttpServer server;

  /**
   * @param openConnections the listener's open connections, shared by its instances
   */
  HttpVerticle(
      Handler<HttpServerRequest> requests,
      Listener listener,
      Duration grace,
      ConnectionLimits limits,
      AtomicInteger openConnections) {
    this.requests = requests;
    this.listener = listener;
    this.grace = grace;
    this.limits = limits;
    this.openConnections = openConnections;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(listener.host())
            .setPort(listener.port())
            // Silence from the client: its answers are small, so only reads need watching. An idle
            // timeout on writes too would track every write's completion, about 2 µs a request.
            .setReadIdleTimeout((int) limits.idleTimeout().toSeconds())
            // Cleartext HTTP/2 detection holds a new connection until its first bytes decide the
            // protocol, out of the connection handler's sight: a silent or trickling client would
            // escape the header timeout. HTTP/2 stays available over TLS (ALPN).
            .setHttp2ClearTextEnabled(false);
    if (listener.tls() != null) {
      TlsOptions.apply(listener.tls(), options);
    }
    ConnectionGuard connections = new ConnectionGuard(vertx, limits, openConnections);
    server =
        vertx
            .createHttpServer(options)
            .connectionHandler(connections::onConnection)
            // A client's broken framing or vanished connection is its problem, not an error here.
            .exceptionHandler(e -> LOG.debug("client connection failed: {}", e.toString()))
            .invalidRequestHandler(RequestGuard::refuseInvalid)
            .requestHandler(connections.requests(new RequestGuard(requests)));
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  int actualPort() {
    return server.actualPort();
  }
}
