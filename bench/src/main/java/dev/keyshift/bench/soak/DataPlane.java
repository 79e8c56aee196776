package dev.keyshift.bench.soak;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** The gateway's native API, as an application calls it: POSTs of JSON with a bearer token. */
final class DataPlane {
  /** An answer: its status and its JSON body (empty when it had none that parses). */
  record Answer(int status, JsonObject body) {
    /** {@code "{status} {code}"} of an error answer. */
    String kind() {
      JsonObject error = body.getJsonObject("error");
      return status + " " + (error == null ? "?" : error.getString("code", "?"));
    }

    String message() {
      JsonObject error = body.getJsonObject("error");
      return error == null ? body.encode() : error.getString("message", "");
    }
  }

  private final HttpClient client;
  private final String host;
  private final int port;
  private final String authorization;

  DataPlane(Vertx vertx, String host, int port, String token, int connections) {
    this.host = host;
    this.port = port;
    this.authorization = "Bearer " + token;
    this.client =
        vertx
            .httpClientBuilder()
            .with(
                // No idle timeout on the connection: the pool's keep-alive (60 s) lets idle
                // connections go, and each call has its own idle timeout.
                new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000))
            .with(new PoolOptions().setHttp1MaxSize(connections))
            .build();
  }

  /** POSTs {@code body} to {@code /v1/keys/{alias}/{operation}}. */
  Future<Answer> post(String alias, String operation, JsonObject body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(host)
            .setPort(port)
            .setURI("/v1/keys/" + alias + "/" + operation)
            .setIdleTimeout(30_000)
            .putHeader("content-type", "application/json")
            .putHeader("authorization", authorization);
    Buffer payload = body.toBuffer();
    return client
        .request(options)
        .compose(
            request ->
                request
                    .send(payload)
                    .compose(
                        response ->
                            response
                                .body()
                                .map(bytes -> new Answer(response.statusCode(), json(bytes)))));
  }

  Future<Void> close() {
    return client.close();
  }

  private static JsonObject json(Buffer bytes) {
    try {
      return bytes.length() == 0 ? new JsonObject() : new JsonObject(bytes);
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject().put("unparsed", bytes.toString());
    }
  }
}
