package dev.keyshift.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;

/**
 * The Vert.x instance a gateway runs on; with {@code metrics.vertx: true} it publishes Vert.x's own
 * meters ({@code vertx_http_server_*}, pools) into the gateway's registry. Labels are the HTTP
 * method (unknown ones reported as OTHER), the status and, on the admin listener, the route
 * template; never the path or anything else a client chooses: aliases in paths would multiply
 * series.
 */
public final class GatewayVertx {

  private GatewayVertx() {}

  /**
   * @param vertxMeters true for Vert.x's own meters ({@code metrics.vertx: true}); without them
   *     keyshift's meters, the JVM's and resilience4j's stay. Vert.x's per-request HTTP meters cost
   *     3-6 µs of CPU a request (docs/PERFORMANCE.md)
   */
  public static Vertx create(MeterRegistry registry, boolean vertxMeters) {
    if (!vertxMeters) {
      return Vertx.vertx();
    }
    MicrometerMetricsOptions metrics =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            // Pools and listeners are keyshift's own (crypto, routing I/O; data plane, admin):
            // without
            // their name, type or local address every pool's and every server's gauges share one id
            // and all but the first are dropped with a warning.
            .setLabels(
                EnumSet.of(
                    Label.HTTP_METHOD,
                    Label.HTTP_CODE,
                    Label.HTTP_ROUTE,
                    Label.POOL_TYPE,
                    Label.POOL_NAME,
                    Label.LOCAL,
                    // The PostgreSQL store's pool and LISTEN connection are two SQL clients.
                    Label.NAMESPACE))
            // TCP clients (the PostgreSQL store's pool and its LISTEN connection) have no local
            // address to tell their gauges apart, and their byte counts tell an operator nothing.
            .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT);
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }
}
