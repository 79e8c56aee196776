package dev.keyshift.gateway;

import dev.keyshift.gateway.config.Listener;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server on its own event loop. Several instances on one port share its connections;
 * undeploying one shuts it down gracefully: it stops accepting, lets in-flight requests finish
 * within the grace period, then closes what is left.
 */
final class HttpVerticle extends VerticleBase {
  private final Router router;
  private final Listener listener;
  private final Duration grace;
  private HttpServer server;

  HttpVerticle(Router router, Listener listener, Duration grace) {
    this.router = router;
    this.listener = listener;
    this.grace = grace;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(listener.host())
            .setPort(listener.port())
            .setIdleTimeout(120);
    if (listener.tls() != null) {
      TlsOptions.apply(listener.tls(), options);
    }
    server = vertx.createHttpServer(options).requestHandler(router);
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
