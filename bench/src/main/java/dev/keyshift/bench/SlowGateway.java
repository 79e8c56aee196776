package dev.keyshift.bench;

import dev.keyshift.gateway.Gateway;
import dev.keyshift.gateway.GatewayVertx;
import dev.keyshift.gateway.backend.providers.BackendProviders;
import dev.keyshift.gateway.cli.EmbeddedDefault;
import dev.keyshift.gateway.config.ConfigLoader;
import dev.keyshift.metrics.PrometheusRegistries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The gateway on its embedded default (ports 8080/8081, alias {@code demo}, local AES key wrap),
 * with a backend that takes {@code LATENCY_MS} per call, and a bulkhead of {@code MAX_CONCURRENT}
 * calls (the default 256 would refuse most of a slow vault's load). Runs until killed. Usage:
 * {@code SlowGateway LATENCY_MS MAX_CONCURRENT}, in the folder to hold {@code keyshift-data}.
 */
public final class SlowGateway {
  private SlowGateway() {}

  public static void main(String[] args) throws Exception {
    long latencyMillis = Long.parseLong(args[0]);
    int maxConcurrent = Integer.parseInt(args[1]);
    Path embedded = EmbeddedDefault.prepare(Path.of("")).config();
    String original = Files.readString(embedded);
    String marker = "create-missing-keys: true }";
    if (!original.contains(marker)) {
      throw new IllegalStateException("the embedded default changed; adapt SlowGateway");
    }
    Path slow = embedded.resolveSibling("slow.yaml");
    Files.writeString(
        slow,
        original.replace(
            marker,
            "create-missing-keys: true, resilience: { max-concurrent: " + maxConcurrent + " } }"));
    PrometheusMeterRegistry registry = PrometheusRegistries.create();
    Vertx vertx = GatewayVertx.create(registry, false);
    Gateway.start(
            vertx,
            ConfigLoader.load(slow, BackendProviders.types()),
            registry,
            (config, context) ->
                BackendProviders.open(config, context)
                    .map(backend -> new SlowBackend(context.vertx(), backend, latencyMillis)))
        .await();
    System.out.println("slow gateway on 127.0.0.1:8080, backend latency " + latencyMillis + " ms");
  }
}
