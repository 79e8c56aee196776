package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.backend.DecoratedBackend;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.backend.providers.BackendProviders;
import dev.keyshift.gateway.config.GatewayConfig;
import dev.keyshift.metrics.PrometheusRegistries;
import dev.keyshift.routing.KeyVersion;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway started with its own backend opener serves through those backends, metered as usual.
 */
class BackendOpenerTest {

  @Test
  void openedBackends_serveRequests_behindTheGatewaysMetering(@TempDir Path dir) throws Exception {
    GatewayConfig config = TestGateway.prepare(dir, TestGateway.ROUTING);
    PrometheusMeterRegistry registry = PrometheusRegistries.create();
    Vertx vertx = GatewayVertx.create(registry, true);
    List<String> calls = new CopyOnWriteArrayList<>();
    try {
      Gateway gateway =
          Gateway.start(
                  vertx,
                  config,
                  registry,
                  (backend, context) ->
                      BackendProviders.open(backend, context)
                          .map(opened -> new Recording(opened, calls)))
              .await();
      HttpResponse<String> wrapped =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + gateway.dataPort() + "/v1/keys/kw/wrap"))
                      .header("Authorization", "Bearer " + TestGateway.ALL_TOKEN)
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"plaintext\": \"" + TestGateway.b64(new byte[32]) + "\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(wrapped.statusCode()).isEqualTo(200);
      assertThat(calls).containsExactly("wrap");
      assertThat(registry.scrape())
          .contains(
              "keyshift_backend_requests_total{backend=\"local\",operation=\"wrap\",outcome=\"success\"} 1.0");
      gateway.stop().await();
    } finally {
      vertx.close().await();
    }
  }

  /** Forwards to a backend, noting each operation. */
  private static final class Recording extends DecoratedBackend {
    private final List<String> calls;

    Recording(KeyBackend delegate, List<String> calls) {
      super(delegate);
      this.calls = calls;
    }

    @Override
    protected Future<byte[]> around(
        String operation, KeyVersion version, Supplier<Future<byte[]>> call) {
      calls.add(operation);
      return attempt(call);
    }
  }
}
