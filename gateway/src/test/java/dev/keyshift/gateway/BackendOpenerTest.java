package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.backend.BackendFactory;
import dev.keyshift.gateway.backend.KeyBackend;
import dev.keyshift.gateway.config.ConfigLoader;
import dev.keyshift.metrics.PrometheusRegistries;
import dev.keyshift.routing.KeyVersion;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway started with its own backend opener serves through those backends, metered as usual.
 */
class BackendOpenerTest {

  @Test
  void openedBackends_serveRequests_behindTheGatewaysMetering(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("keystore.password"), "test-password\n");
    Files.writeString(dir.resolve("keyshift.yaml"), TestGateway.config());
    Files.writeString(dir.resolve("routing.yaml"), TestGateway.ROUTING);
    PrometheusMeterRegistry registry = PrometheusRegistries.create();
    Vertx vertx = GatewayVertx.create(registry);
    List<String> calls = new CopyOnWriteArrayList<>();
    try {
      Gateway gateway =
          Gateway.start(
                  vertx,
                  ConfigLoader.load(dir.resolve("keyshift.yaml")).withPorts(0, 0),
                  registry,
                  (v, config, workers) ->
                      BackendFactory.open(v, config, workers)
                          .map(backend -> new Recording(backend, calls)))
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
      assertThat(calls).containsExactly("wrap kw-v1");
      assertThat(registry.scrape())
          .contains(
              "keyshift_backend_requests_total{backend=\"local\",operation=\"wrap\",outcome=\"success\"} 1.0");
      gateway.stop().await();
    } finally {
      vertx.close().await();
    }
  }

  /** Forwards to a backend, noting each wrap. */
  private record Recording(KeyBackend delegate, List<String> calls) implements KeyBackend {
    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Future<Void> prepare(KeyVersion version) {
      return delegate.prepare(version);
    }

    @Override
    public Future<byte[]> wrap(KeyVersion version, byte[] plaintext) {
      calls.add("wrap " + version.key());
      return delegate.wrap(version, plaintext);
    }

    @Override
    public Future<byte[]> unwrap(KeyVersion version, byte[] wrapped) {
      return delegate.unwrap(version, wrapped);
    }

    @Override
    public Future<Void> health() {
      return delegate.health();
    }
  }
}
