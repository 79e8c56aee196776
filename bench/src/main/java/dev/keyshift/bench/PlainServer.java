package dev.keyshift.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * The limit for the load benchmark: a plain Vert.x 5 server, one instance per core as the gateway
 * runs, that reads the request body and answers a wrap-sized JSON, nothing else. Usage: {@code
 * PlainServer PORT}.
 */
public final class PlainServer extends VerticleBase {
  static final Buffer ANSWER =
      Buffer.buffer(
          "{\"ciphertext\":\"ks1:demo:v1:w5QrLLl1tiv17g7ZfyzQypX-Fr-kwGaZJMz8K3x2wwnbd9KJmVSdXw\",\"keyVersion\":\"v1\"}");

  private final int port;

  PlainServer(int port) {
    this.port = port;
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
                        body ->
                            request
                                .response()
                                .putHeader("content-type", "application/json")
                                .end(ANSWER)))
        .listen(port, "127.0.0.1");
  }

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    vertx
        .deployVerticle(
            () -> new PlainServer(port), new DeploymentOptions().setInstances(instances))
        .await();
    System.out.println("plain server on 127.0.0.1:" + port);
  }
}
