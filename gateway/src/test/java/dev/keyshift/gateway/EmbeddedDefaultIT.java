package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, literally: {@code keyshift serve} with no arguments in an empty
 * folder, then the curl line it prints, run by a shell. The embedded default binds the fixed ports
 * 8080 and 8081 by design, so this test needs them free.
 */
class EmbeddedDefaultIT {

  @Test
  void serveWithNoArguments_printsACurlLineThatWorks(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(
        free(8080) && free(8081), "ports 8080 and 8081 must be free for the embedded default");
    try (ForkedGateway gateway = ForkedGateway.start(dir, "serve")) {
      gateway.awaitLine(line -> line.equals("Try a wrap:"), Duration.ofSeconds(60));
      String curl =
          gateway
              .awaitLine(line -> line.strip().startsWith("curl "), Duration.ofSeconds(5))
              .strip();
      assertThat(curl).contains("http://127.0.0.1:8080/v1/keys/demo/wrap");

      JsonObject answer = new JsonObject(Shell.run(curl, dir));
      assertThat(answer.getString("ciphertext")).startsWith("ks1:demo:v1:");
      assertThat(gateway.output())
          .doesNotContain(Files.readString(dir.resolve("keyshift-data/client.token")).strip());

      // The README's cutover line, as written: no --token-file, the embedded admin token is found.
      try (ForkedGateway cli =
          ForkedGateway.start(dir, "routes", "set-weights", "demo", "v1=0", "v2=100")) {
        cli.awaitLine(line -> line.contains("revision 2"), Duration.ofSeconds(60));
        assertThat(cli.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.process.exitValue()).as(cli.output()).isZero();
      }

      gateway.sigterm();
      assertThat(gateway.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      gateway.awaitLine(line -> line.equals("keyshift: stopped"), Duration.ofSeconds(5));
    }
  }

  @SuppressWarnings("try") // opening the socket is the probe
  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
