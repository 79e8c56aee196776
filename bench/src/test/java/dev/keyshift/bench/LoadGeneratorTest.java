package dev.keyshift.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator against the plain server, on loopback. */
class LoadGeneratorTest {
  private final Vertx vertx = Vertx.vertx();
  private int port;

  @BeforeEach
  void start() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    vertx
        .deployVerticle(() -> new PlainServer(port, 0), new DeploymentOptions().setInstances(1))
        .await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void closedLoop_countsAnsweredRequests() {
    Map<String, String> result = Results.fields(LoadGenerator.run(plan(8), null));
    assertThat(Long.parseLong(result.get("requests"))).isPositive();
    assertThat(result.get("errors")).isEqualTo("0");
    assertThat(Double.parseDouble(result.get("p99_ms"))).isPositive();
  }

  @Test
  void refusedRequests_areErrorsNotLatencies() {
    vertx.close().await();
    Map<String, String> result = Results.fields(LoadGenerator.run(plan(2), null));
    assertThat(result.get("requests")).isEqualTo("0");
    assertThat(Long.parseLong(result.get("errors"))).isPositive();
  }

  private LoadGenerator.Plan plan(int connections) {
    return new LoadGenerator.Plan(
        URI.create("http://127.0.0.1:" + port + "/"),
        "",
        Buffer.buffer("{\"plaintext\":\"AAAA\"}"),
        connections,
        0,
        1_000_000_000L);
  }
}
