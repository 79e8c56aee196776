package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Clients that trickle their headers or open too many connections cannot hold the gateway. */
@ExtendWith(VertxExtension.class)
class SlowClientTest {

  @Test
  void aClientTricklingItsHead_isClosed(Vertx vertx, @TempDir Path dir) throws Exception {
    try (TestGateway gw = start(vertx, dir, "header-timeout: 1")) {
      try (Socket socket = new Socket("127.0.0.1", gw.gateway.dataPort())) {
        socket.setSoTimeout(60_000);
        socket.getOutputStream().write("POST /v1/keys/orders/wrap HTTP/1.1\r\nHo".getBytes());
        socket.getOutputStream().flush();
        // No sleep: the read blocks until the gateway closes the connection (or 60 s pass).
        assertThat(socket.getInputStream().read()).as("closed by the gateway").isEqualTo(-1);
      }
      assertThat(gw.wrap("orders", new byte[32], null).getString("keyVersion")).isEqualTo("v1");
    }
  }

  @Test
  void aKeepAliveConnectionTricklingItsNextHead_isClosed(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (TestGateway gw = start(vertx, dir, "header-timeout: 1")) {
      try (Socket socket = new Socket("127.0.0.1", gw.gateway.dataPort())) {
        socket.setSoTimeout(60_000);
        for (int i = 0; i < 3; i++) {
          assertThat(wholeAnswer(socket)).startsWith("HTTP/1.1 404");
        }
        socket.getOutputStream().write("POST /v1/keys/orders/wrap HTTP/1.1\r\nHo".getBytes());
        socket.getOutputStream().flush();
        // No sleep: the read blocks until the gateway closes the connection (or 60 s pass).
        assertThat(socket.getInputStream().read()).as("closed by the gateway").isEqualTo(-1);
      }
    }
  }

  @Test
  void answers_sayHowLongAnIdleConnectionIsKept_underTheLimit(Vertx vertx, @TempDir Path dir)
      throws Exception {
    assertThat(answerHead(vertx, dir, "header-timeout: 5"))
        .containsIgnoringCase("\r\nkeep-alive: timeout=3\r\n");
  }

  @Test
  void theAdvertisedIdleTime_isTheShorterLimits(Vertx vertx, @TempDir Path dir) throws Exception {
    assertThat(answerHead(vertx, dir, "header-timeout: 10, idle-timeout: 4"))
        .containsIgnoringCase("\r\nkeep-alive: timeout=2\r\n");
  }

  @Test
  void connectionsBeyondTheLimit_areClosed_andFreedSlotsServeAgain(Vertx vertx, @TempDir Path dir)
      throws Exception {
    try (TestGateway gw = start(vertx, dir, "max-connections: 3")) {
      int port = gw.gateway.dataPort();
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          Socket socket = new Socket("127.0.0.1", port);
          // A completed request proves the gateway accepted and counted the connection.
          assertThat(ping(socket)).startsWith("HTTP/1.1 404");
          held.add(socket);
        }
        try (Socket extra = new Socket("127.0.0.1", port)) {
          extra.setSoTimeout(60_000);
          extra.getOutputStream().write(request().getBytes(StandardCharsets.ISO_8859_1));
          assertThat(extra.getInputStream().read()).as("refused by closing").isEqualTo(-1);
        }
        held.remove(0).close();
        // The freed slot serves again once the gateway has seen the close.
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  try (Socket again = new Socket("127.0.0.1", port)) {
                    return ping(again).startsWith("HTTP/1.1 404");
                  }
                });
      } finally {
        for (Socket socket : held) {
          socket.close();
        }
      }
    }
  }

  private static TestGateway start(Vertx vertx, Path dir, String setting) throws Exception {
    Files.writeString(dir.resolve("keystore.password"), "test-password\n");
    Files.writeString(
        dir.resolve("keyshift.yaml"),
        TestGateway.config()
            .replace(
                "server: { shutdown-grace: 5 }", "server: { shutdown-grace: 5, " + setting + " }"));
    return TestGateway.start(vertx, dir, TestGateway.ROUTING);
  }

  /** The head of one answer from a gateway started with {@code setting}. */
  private static String answerHead(Vertx vertx, Path dir, String setting) throws Exception {
    try (TestGateway gw = start(vertx, dir, setting);
        Socket socket = new Socket("127.0.0.1", gw.gateway.dataPort())) {
      socket.setSoTimeout(60_000);
      return wholeAnswer(socket);
    }
  }

  private static String request() {
    return "GET /v1/nothing HTTP/1.1\r\nHost: localhost\r\n\r\n";
  }

  /** One request on the socket; the answer's status line, or "" when the gateway closed. */
  private static String ping(Socket socket) throws Exception {
    socket.setSoTimeout(60_000);
    socket.getOutputStream().write(request().getBytes(StandardCharsets.ISO_8859_1));
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      line.append((char) c);
    }
    return line.toString().strip();
  }

  /** Sends a request and reads its whole answer, so the connection is ready for the next one. */
  private static String wholeAnswer(Socket socket) throws Exception {
    socket.getOutputStream().write(request().getBytes(StandardCharsets.ISO_8859_1));
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    int c;
    while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) >= 0) {
      head.append((char) c);
    }
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
    assertThat(length.find()).as(head.toString()).isTrue();
    in.readNBytes(Integer.parseInt(length.group(1)));
    return head.toString();
  }
}
