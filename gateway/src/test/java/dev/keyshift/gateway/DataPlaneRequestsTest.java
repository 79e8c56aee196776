package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ALL_TOKEN;
import static dev.keyshift.gateway.TestGateway.b64;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data plane reads requests itself, without a web router: paths matched by hand, bodies read
 * under their cap, {@code Expect} honoured only for callers it will serve, and a refused request's
 * connection left fit for the next one.
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataPlaneRequestsTest {
  private static final String WRAP_BODY = "{\"plaintext\":\"" + b64(new byte[32]) + "\"}";

  TestGateway gw;

  @BeforeAll
  void start(Vertx vertx, @TempDir Path dir) throws Exception {
    gw = TestGateway.start(vertx, dir, TestGateway.ROUTING);
  }

  @AfterAll
  void stop() {
    gw.close();
  }

  @Test
  void expectContinue_isAnsweredForAnAuthorisedCaller_thenTheBodyIsServed() throws Exception {
    try (Connection connection = new Connection(gw.gateway.dataPort())) {
      connection.send(
          head("/v1/keys/orders/wrap", ALL_TOKEN, WRAP_BODY.length(), "Expect: 100-continue"));
      assertThat(connection.readHead()).startsWith("HTTP/1.1 100 Continue");
      connection.send(WRAP_BODY);
      String answer = connection.readAnswer();
      assertThat(answer).startsWith("HTTP/1.1 200");
      assertThat(json(answer).getString("keyVersion")).isEqualTo("v1");
    }
  }

  @Test
  void expectContinue_fromAnUnauthorisedCaller_getsNoContinue_andTheBodyIsNeverAsked()
      throws Exception {
    try (Connection connection = new Connection(gw.gateway.dataPort())) {
      connection.send(
          head("/v1/keys/orders/wrap", "wrong", WRAP_BODY.length(), "Expect: 100-continue"));
      String answer = connection.readAnswer();
      assertThat(answer).startsWith("HTTP/1.1 401");
      assertThat(json(answer).getJsonObject("error").getString("code"))
          .isEqualTo("UNAUTHENTICATED");
    }
  }

  @Test
  void aDeclaredBodyOverTheCap_isRefusedBeforeItIsSent_andItsBytesAreDropped() throws Exception {
    int length = 64 * 1024 + 1;
    try (Connection connection = new Connection(gw.gateway.dataPort())) {
      connection.send(head("/v1/keys/orders/wrap", ALL_TOKEN, length));
      String answer = connection.readAnswer();
      assertThat(answer).startsWith("HTTP/1.1 413");
      assertThat(json(answer).getJsonObject("error").getString("code"))
          .isEqualTo("PAYLOAD_TOO_LARGE");
      connection.send("a".repeat(length));
      connection.send(head("/v1/keys/orders/wrap", ALL_TOKEN, WRAP_BODY.length()) + WRAP_BODY);
      assertThat(connection.readAnswer()).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void aRefusedBodyThatNeverEnds_isDroppedOnlyUpToALimit_thenTheConnectionCloses()
      throws Exception {
    try (Connection connection = new Connection(gw.gateway.dataPort())) {
      connection.send(
          "POST /v1/keys/orders/wrap HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer wrong"
              + "\r\nTransfer-Encoding: chunked\r\n\r\n");
      assertThat(connection.readAnswer()).startsWith("HTTP/1.1 401");
      String chunk = "a".repeat(64 * 1024);
      try {
        // 2 MiB, twice what is dropped; the gateway closes before the end or at it.
        for (int i = 0; i < 32; i++) {
          connection.send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
        }
      } catch (java.net.SocketException closedWhileSending) {
        // What the test expects, seen early.
      }
      assertThat(connection.closedByPeer()).as("closed by the gateway").isTrue();
    }
  }

  @Test
  void aChunkedBodyGrowingPastTheCap_isPayloadTooLarge() throws Exception {
    try (Connection connection = new Connection(gw.gateway.dataPort())) {
      connection.send(
          "POST /v1/keys/orders/wrap HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + ALL_TOKEN
              + "\r\nTransfer-Encoding: chunked\r\n\r\n");
      String chunk = "a".repeat(16 * 1024);
      for (int i = 0; i < 5; i++) {
        connection.send(Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n");
      }
      connection.send("0\r\n\r\n");
      assertThat(connection.readAnswer()).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void aRefusedRequestsUnreadBody_isDropped_andTheConnectionServesTheNextRequest()
      throws Exception {
    try (Connection connection = new Connection(gw.gateway.dataPort())) {
      connection.send(head("/v1/keys/orders/wrap", "wrong", WRAP_BODY.length()) + WRAP_BODY);
      assertThat(connection.readAnswer()).startsWith("HTTP/1.1 401");
      connection.send(head("/v1/keys/orders/wrap", ALL_TOKEN, WRAP_BODY.length()) + WRAP_BODY);
      assertThat(connection.readAnswer()).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void pathSegments_arePercentDecoded_asPathParametersAre() {
    Response response = gw.post("/v1/keys/ord%65rs/wrap", ALL_TOKEN, WRAP_BODY);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().getString("ciphertext")).startsWith("ks1:orders:v1:");
    Response slash = gw.post("/v1/keys/orders%2Fwrap/wrap", ALL_TOKEN, WRAP_BODY);
    assertThat(slash.errorCode()).isEqualTo("UNKNOWN_ALIAS");
  }

  @Test
  void anUnknownOperation_isNotFound_beforeTheTokenIsLookedAt() {
    Response response = gw.post("/v1/keys/orders/encrypt", null, WRAP_BODY);
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().getJsonObject("error").getString("message"))
        .isEqualTo("unknown key operation");
    assertThat(gw.post("/v1/keys/orders/wrap/batches", ALL_TOKEN, "{}").errorCode())
        .isEqualTo("NOT_FOUND");
    assertThat(gw.post("/v1/keys//wrap", ALL_TOKEN, WRAP_BODY).errorCode()).isEqualTo("NOT_FOUND");
  }

  @Test
  void pathsUnderKeysThatNameNoKeyVaultOperation_areKeyNotFound_inAzuresShape() {
    Response response = gw.post("/keys/orders/v1/encrypt", ALL_TOKEN, "{}");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().getJsonObject("error").getString("code")).isEqualTo("KeyNotFound");
    Response read = gw.get(gw.data("/keys/orders/v1"));
    assertThat(read.status()).isEqualTo(401);
    assertThat(read.header("WWW-Authenticate")).startsWith("Bearer authorization=");
  }

  private static String head(String path, String token, int length, String... extra) {
    StringBuilder head =
        new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n")
            .append("Authorization: Bearer ")
            .append(token)
            .append("\r\nContent-Length: ")
            .append(length)
            .append("\r\n");
    for (String line : extra) {
      head.append(line).append("\r\n");
    }
    return head.append("\r\n").toString();
  }

  private static JsonObject json(String answer) {
    return new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
  }

  /** One keep-alive connection, read answer by answer. */
  private static final class Connection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    Connection(int port) throws IOException {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(60_000);
      in = socket.getInputStream();
    }

    void send(String text) throws IOException {
      socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
    }

    /** A head, up to its blank line. */
    String readHead() throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        bytes.write(b);
      }
      return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    /** A head and the body its Content-Length announces. */
    String readAnswer() throws IOException {
      String head = readHead();
      int length = 0;
      for (String line : head.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** Whether the peer closed: the end of the stream, or a reset for bytes it never read. */
    boolean closedByPeer() throws IOException {
      try {
        return in.read() == -1;
      } catch (java.net.SocketException reset) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
