package dev.keyshift.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A body whose reader is not ready yet (a JWT's keys still loading) is held, not lost: the server
 * below decides 50 ms after each head arrives, long after the client sent its body.
 */
@ExtendWith(VertxExtension.class)
class BoundedBodyTest {
  private static final int LIMIT = 1024;

  HttpServer server;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start(Vertx vertx) {
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  Promise<Void> ready = Promise.promise();
                  vertx.setTimer(50, id -> ready.complete());
                  BoundedBody.after(ready.future(), request, LIMIT)
                      .onSuccess(body -> request.response().end(body))
                      .onFailure(failure -> JsonErrors.respond(request, failure));
                })
            .listen(0, "127.0.0.1")
            .await();
  }

  @AfterEach
  void stop() {
    server.close().await();
  }

  @Test
  void aBodySentBeforeItsReaderIsReady_isReadWhole() throws Exception {
    String body = "k".repeat(LIMIT);
    HttpResponse<String> answer = post(body);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo(body);
  }

  @Test
  void aHeldBodyOverTheCap_isPayloadTooLarge() throws Exception {
    HttpResponse<String> answer = post("k".repeat(LIMIT + 1));
    assertThat(answer.statusCode()).isEqualTo(413);
    assertThat(answer.body()).contains("PAYLOAD_TOO_LARGE");
  }

  @Test
  void aBodyInSeveralChunks_isReadWholeInOrder() throws Exception {
    String answer = postChunked("first-", "k".repeat(500), "-last");
    assertThat(answer).startsWith("HTTP/1.1 200").endsWith("first-" + "k".repeat(500) + "-last");
  }

  @Test
  void chunksGrowingPastTheCap_arePayloadTooLarge() throws Exception {
    String chunk = "k".repeat(LIMIT / 2);
    assertThat(postChunked(chunk, chunk, "k"))
        .startsWith("HTTP/1.1 413")
        .contains("PAYLOAD_TOO_LARGE");
  }

  /** Sends each part as a chunk of its own, which the server's decoder hands over one by one. */
  private String postChunked(String... parts) throws Exception {
    StringBuilder request =
        new StringBuilder(
            "POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n");
    for (String part : parts) {
      request.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
    }
    request.append("0\r\n\r\n");
    try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
      socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private HttpResponse<String> post(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
