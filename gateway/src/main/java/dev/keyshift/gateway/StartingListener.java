package dev.keyshift.gateway;

import dev.keyshift.gateway.config.Listener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The admin port while a gateway waits for its routing store (a database still starting, an empty
 * store): {@code /health/live} answers 200, so an orchestrator does not restart a process that is
 * only waiting; {@code /health/ready} and everything else answer 503. It gives the port to the real
 * admin listener once the routing is read.
 */
final class StartingListener {
  private final HttpServer server;

  private StartingListener(HttpServer server) {
    this.server = server;
  }

  /** Binds {@code admin}; a failure to bind is left to the real listener to report. */
  static Future<StartingListener> bind(Vertx vertx, Listener admin) {
    HttpServer server =
        vertx.createHttpServer(new HttpServerOptions().setHost(admin.host()).setPort(admin.port()));
    return server
        .requestHandler(StartingListener::answer)
        .listen()
        .map(bound -> new StartingListener(server))
        .otherwise(failure -> new StartingListener(null));
  }

  Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private static void answer(HttpServerRequest request) {
    boolean live = request.path().equals("/health/live");
    JsonObject body =
        live
            ? new JsonObject().put("status", "UP")
            : new JsonObject()
                .put("status", "DOWN")
                .put("reason", "starting: waiting for the routing store");
    request
        .response()
        .setStatusCode(live ? 200 : 503)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.RETRY_AFTER, "5")
        .end(body.toBuffer());
  }
}
