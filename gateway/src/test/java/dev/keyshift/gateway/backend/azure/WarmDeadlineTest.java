package dev.keyshift.gateway.backend.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.TestPki;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warming a vault that accepts connections and never completes a TLS handshake ends at its
 * deadline, not after every connection attempt has timed out: a routing change waits for the
 * warm-up, and a vault that hangs must not hold it back.
 */
class WarmDeadlineTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void warmingAVaultThatNeverHandshakes_endsAtItsDeadline(@TempDir Path dir) throws Exception {
    List<NetSocket> accepted = new CopyOnWriteArrayList<>();
    NetServer silent =
        vertx.createNetServer().connectHandler(accepted::add).listen(0, "127.0.0.1").await();
    String url = "https://localhost:" + silent.actualPort();
    // Each connection may take a minute (TLS handshakes 10 s): unbounded, warming 16 two at a
    // time would take minutes, far past the wait below.
    AzureBackendConfig config =
        new AzureBackendConfig(
            AzureBackendConfig.MANAGED_HSM,
            URI.create(url),
            new CredentialConfig.Default(),
            TestPki.create(dir).caPem,
            60,
            null,
            AzureBackendConfig.VERTX_HTTP,
            null,
            null);
    VertxAzureHttpClient http =
        (VertxAzureHttpClient)
            AzureClients.httpClient(config, vertx, vertx.getOrCreateContext(), 64);

    http.warm(url + "/keys/k/1", Duration.ofMillis(500)).await(60, TimeUnit.SECONDS);

    assertThat(accepted)
        .as("at most two opening at once")
        .hasSizeLessThanOrEqualTo(VertxAzureHttpClient.OPENING_AT_ONCE);
  }
}
