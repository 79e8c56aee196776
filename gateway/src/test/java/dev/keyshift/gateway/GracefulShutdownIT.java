package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM: stop accepting, finish the request in flight, then exit. */
class GracefulShutdownIT {
  static final Pattern SERVING =
      Pattern.compile(".*keyshift serving on http://127\\.0\\.0\\.1:(\\d+) .*");

  @Test
  void sigterm_finishesInFlightRequest_thenExits(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("keystore.password"), "test-password\n");
    Files.writeString(
        dir.resolve("keyshift.yaml"),
        TestGateway.config()
            .replace(
                "server: { shutdown-grace: 5 }",
                "server: { port: 0, shutdown-grace: 20 }\nadmin: { port: 0 }"));
    Files.writeString(dir.resolve("routing.yaml"), TestGateway.ROUTING);
    try (ForkedGateway gateway = ForkedGateway.start(dir, "serve", "--config", "keyshift.yaml")) {
      Matcher serving =
          SERVING.matcher(
              gateway.awaitLine(line -> SERVING.matcher(line).matches(), Duration.ofSeconds(60)));
      assertThat(serving.matches()).isTrue();
      int port = Integer.parseInt(serving.group(1));

      String body = "{\"plaintext\": \"" + TestGateway.b64(new byte[32]) + "\"}";
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(headers(port, body.length()).getBytes(StandardCharsets.US_ASCII));
        out.write(body.substring(0, 10).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(300);

        gateway.sigterm();
        gateway.awaitLine(line -> line.contains("stopping"), Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> refused(port));

        out.write(body.substring(10).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String response = read(socket.getInputStream());
        assertThat(response).startsWith("HTTP/1.1 200").contains("\"ciphertext\":\"ks1:orders:v1:");
      }
      assertThat(gateway.process.waitFor(30, TimeUnit.SECONDS)).as("exits once drained").isTrue();
      gateway.awaitLine(line -> line.equals("keyshift: stopped"), Duration.ofSeconds(5));
    }
  }

  private static String headers(int port, int length) {
    return "POST /v1/keys/orders/wrap HTTP/1.1\r\n"
        + "Host: 127.0.0.1:"
        + port
        + "\r\n"
        + "Authorization: Bearer "
        + TestGateway.ALL_TOKEN
        + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: "
        + length
        + "\r\n\r\n";
  }

  @SuppressWarnings("try") // opening the socket is the probe
  private static boolean refused(int port) {
    try (Socket probe = new Socket("127.0.0.1", port)) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Reads one response: headers, then Content-Length bytes of body. */
  private static String read(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
    int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
    return head + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
  }
}
