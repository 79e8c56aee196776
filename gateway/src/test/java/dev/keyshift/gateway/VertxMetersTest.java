package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.config.GatewayConfig;
import dev.keyshift.metrics.PrometheusRegistries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's Vert.x publishes its HTTP server meters into the gateway's one scrape. */
class VertxMetersTest {

  @Test
  void httpServerMeters_whenAskedFor_areInTheScrape_neverLabelledByPathOrAlias(@TempDir Path dir)
      throws Exception {
    String scrape = scrapeAfterOneWrap(dir, true);
    assertThat(scrape)
        .contains("vertx_http_server_requests_total")
        .contains("keyshift_requests_total");
    List<String> vertxSeries =
        scrape.lines().filter(line -> line.startsWith("vertx_http_server")).toList();
    assertThat(vertxSeries)
        .isNotEmpty()
        .noneMatch(line -> line.contains("/v1/keys") || line.contains("orders"));
    assertThat(vertxSeries)
        .anyMatch(line -> line.contains("method=\"POST\"") && line.contains("code=\"200\""));
  }

  @Test
  void vertxMetersOff_leaveKeyshiftsOwn(@TempDir Path dir) throws Exception {
    String scrape = scrapeAfterOneWrap(dir, false);
    assertThat(scrape).doesNotContain("vertx_");
    assertThat(scrape)
        .contains(
            "keyshift_requests_total{alias=\"orders\",operation=\"wrap\",outcome=\"success\",version=\"v1\"} 1.0")
        .contains("jvm_memory_used_bytes");
  }

  private static String scrapeAfterOneWrap(Path dir, boolean vertxMeters) throws Exception {
    GatewayConfig config = TestGateway.prepare(dir, TestGateway.ROUTING);
    PrometheusMeterRegistry registry = PrometheusRegistries.create();
    Vertx vertx = GatewayVertx.create(registry, vertxMeters);
    try {
      Gateway gateway = Gateway.start(vertx, config, registry).await();
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest wrap =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + gateway.dataPort() + "/v1/keys/orders/wrap"))
              .header("Authorization", "Bearer " + TestGateway.ALL_TOKEN)
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"plaintext\": \"" + TestGateway.b64(new byte[32]) + "\"}"))
              .build();
      assertThat(http.send(wrap, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      String scrape =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + gateway.adminPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      gateway.stop().await();
      return scrape;
    } finally {
      vertx.close().await();
    }
  }
}
