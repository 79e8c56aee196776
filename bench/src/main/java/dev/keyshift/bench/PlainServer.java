package dev.keyshift.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The limit for the load benchmark: a plain Vert.x 5 server, one instance per core as the gateway
 * runs, that reads the request body and answers a wrap-sized JSON, nothing else; optionally after a
 * fixed delay (a timer), the limit for the slow-backend run. Usage: {@code PlainServer PORT
 * [DELAY_MS]}.
 */
public final class PlainServer extends VerticleBase {
  static final Buffer ANSWER =
      Buffer.buffer(
          "{\"ciphertext\":\"ks1:demo:v1:w5QrLLl1tiv17g7ZfyzQypX-Fr-kwGaZJMz8K3x2wwnbd9KJmVSdXw\",\"keyVersion\":\"v1\"}");

  private final int port;
  private final long delayMillis;

  PlainServer(int port, long delayMillis) {
    this.port = port;
    this.delayMillis = delayMillis;
  }

  @Override
  public Future<?> start() {
    return vertx
        .createHttpServer()
        .requestHandler(
            request ->
                request
                    .body()
                    .onSuccess(
                        body -> {
                          if (delayMillis > 0) {
                            vertx.setTimer(delayMillis, id -> answer(request));
                          } else {
                            answer(request);
                          }
                        }))
        .listen(port, "127.0.0.1");
  }

  private static void answer(HttpServerRequest request) {
    request.response().putHeader("content-type", "application/json").end(ANSWER);
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    long delayMillis = args.length > 1 ? Long.parseLong(args[1]) : 0;
    Vertx vertx = Vertx.vertx();
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    vertx
        .deployVerticle(
            () -> new PlainServer(port, delayMillis),
            new DeploymentOptions().setInstances(instances))
        .await();
    System.out.println("plain server on 127.0.0.1:" + port);
  }
}
