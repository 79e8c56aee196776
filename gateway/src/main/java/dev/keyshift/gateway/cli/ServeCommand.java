package dev.keyshift.gateway.cli;

import dev.keyshift.gateway.Gateway;
import dev.keyshift.gateway.GatewayVertx;
import dev.keyshift.gateway.backend.providers.BackendProviders;
import dev.keyshift.gateway.config.ConfigException;
import dev.keyshift.gateway.config.ConfigLoader;
import dev.keyshift.gateway.config.GatewayConfig;
import dev.keyshift.metrics.PrometheusRegistries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code keyshift serve [--config FILE]}: runs the gateway until SIGTERM or SIGINT, then drains
 * in-flight requests (bounded by {@code server.shutdown-grace}) and exits.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the gateway.")
final class ServeCommand implements Callable<Integer> {
  static final int EXIT_CONFIG = 2;
  static final int EXIT_START = 1;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "keyshift.yaml; without it, the embedded default in ./keyshift-data/")
  Path config;

  @Override
  public Integer call() throws Exception {
    EmbeddedDefault.Files embedded = config == null ? EmbeddedDefault.prepare(Path.of("")) : null;
    GatewayConfig gatewayConfig;
    try {
      gatewayConfig =
          ConfigLoader.load(
              embedded == null ? config : embedded.config(), BackendProviders.types());
    } catch (ConfigException e) {
      System.err.println("keyshift: " + e.getMessage());
      return EXIT_CONFIG;
    }
    PrometheusMeterRegistry registry = PrometheusRegistries.create();
    Vertx vertx = GatewayVertx.create(registry, gatewayConfig.vertxMeters());
    Gateway gateway;
    try {
      gateway = Gateway.start(vertx, gatewayConfig, registry).await();
    } catch (ConfigException e) {
      System.err.println("keyshift: " + e.getMessage());
      vertx.close().await();
      return EXIT_CONFIG;
    } catch (RuntimeException e) {
      System.err.println("keyshift: cannot start: " + e.getMessage());
      vertx.close().await();
      return EXIT_START;
    }
    if (embedded != null) {
      printWelcome(System.out, embedded, gateway);
    }
    awaitShutdown(vertx, gateway);
    return 0;
  }

  private static void awaitShutdown(Vertx vertx, Gateway gateway) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    long graceMillis = gateway.config().shutdownGrace().toMillis();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("keyshift: stopping, draining in-flight requests");
                  try {
                    gateway.stop().await(graceMillis + 5_000, TimeUnit.MILLISECONDS);
                    vertx.close().await(5, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    System.err.println("keyshift: forced stop: " + e);
                  }
                  System.err.println("keyshift: stopped");
                  stopped.countDown();
                },
                "keyshift-shutdown"));
    stopped.await();
  }

  static void printWelcome(PrintStream out, EmbeddedDefault.Files files, Gateway gateway) {
    String host = gateway.config().server().host();
    out.printf(
        "keyshift is serving the embedded default: alias \"%s\" (v1 weight 100, v2 weight 0)%n",
        EmbeddedDefault.ALIAS);
    out.printf("  data plane   http://%s:%d%n", host, gateway.dataPort());
    out.printf(
        "  admin        http://%s:%d  (/health/ready, /metrics)%n",
        gateway.config().admin().host(), gateway.adminPort());
    out.printf("  client token %s%n", files.clientToken());
    out.printf("  admin token  %s%n", files.adminToken());
    out.printf("  config       %s  (copy it to customise; run with --config)%n", files.config());
    out.println("Try a wrap:");
    out.println("  " + curlLine(files, host, gateway.dataPort()));
  }

  static String curlLine(EmbeddedDefault.Files files, String host, int port) {
    return "curl -sS -H \"Authorization: Bearer $(cat '"
        + files.clientToken()
        + "')\""
        + " -H 'Content-Type: application/json'"
        + " -d '{\"plaintext\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}'"
        + " http://"
        + host
        + ":"
        + port
        + "/v1/keys/"
        + EmbeddedDefault.ALIAS
        + "/wrap";
  }
}
