package dev.keyshift.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The Prometheus registry the gateway scrapes, with the JVM and process meters bound, client-sent
 * values kept out of tags ({@link BoundedTags}) and a clock cheap to read on every record ({@link
 * CoarseClock}).
 */
public final class PrometheusRegistries {
  private PrometheusRegistries() {}

  /** A new registry; {@link PrometheusMeterRegistry#scrape()} renders the exposition text. */
  @SuppressWarnings("resource") // JvmGcMetrics lives as long as the registry
  public static PrometheusMeterRegistry create() {
    PrometheusMeterRegistry registry =
        new PrometheusMeterRegistry(
            PrometheusConfig.DEFAULT, new PrometheusRegistry(), CoarseClock.INSTANCE);
    registry.config().meterFilter(BoundedTags.httpMethods());
    registry.config().meterFilter(BoundedTags.perInstanceGauges());
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }
}
