package dev.keyshift.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** Pins the Prometheus names that dashboards and alerts depend on. */
class KeyshiftMetricsTest {
  private final PrometheusMeterRegistry registry = PrometheusRegistries.create();
  private final KeyshiftMetrics metrics = new KeyshiftMetrics(registry);

  @Test
  void request_isExposedUnderDesignNames() {
    metrics.request("wrap", "orders", "v2", "success", 3_000_000);
    metrics.request("wrap", "orders", "v2", "success", 1_000);
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains(
            "keyshift_requests_total{alias=\"orders\",operation=\"wrap\",outcome=\"success\",version=\"v2\"} 2.0")
        .contains("keyshift_request_duration_seconds_count{alias=\"orders\",operation=\"wrap\"} 2")
        .contains(
            "keyshift_request_duration_seconds_bucket{alias=\"orders\",operation=\"wrap\",le=\"0.001\"} 1")
        .contains(
            "keyshift_request_duration_seconds_bucket{alias=\"orders\",operation=\"wrap\",le=\"10.0\"} 2");
  }

  @Test
  void cachedMeters_keepEveryTagCombinationApart() {
    metrics.request("wrap", "orders", "v1", "success", 1_000);
    metrics.request("wrap", "orders", "v2", "success", 1_000);
    metrics.request("wrap", "orders", "v2", "throttled", 1_000);
    metrics.request("unwrap", "orders", "v2", "success", 1_000);
    metrics.backendCall("hsm", "wrap", "success", 1_000);
    metrics.backendCall("hsm", "wrap", "failure", 1_000);
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains(
            "keyshift_requests_total{alias=\"orders\",operation=\"wrap\",outcome=\"success\",version=\"v1\"} 1.0")
        .contains(
            "keyshift_requests_total{alias=\"orders\",operation=\"wrap\",outcome=\"throttled\",version=\"v2\"} 1.0")
        .contains("keyshift_request_duration_seconds_count{alias=\"orders\",operation=\"wrap\"} 3")
        .contains(
            "keyshift_request_duration_seconds_count{alias=\"orders\",operation=\"unwrap\"} 1")
        .contains(
            "keyshift_backend_requests_total{backend=\"hsm\",operation=\"wrap\",outcome=\"failure\"} 1.0")
        .contains("keyshift_backend_duration_seconds_count{backend=\"hsm\",operation=\"wrap\"} 2");
  }

  @Test
  void backendAndRewrap_areExposedUnderDesignNames() {
    metrics.backendCall("hsm", "unwrap", "success", 2_000_000);
    metrics.rewrap("orders", "v1", "v2", RewrapMode.LAZY, "success");
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains(
            "keyshift_backend_requests_total{backend=\"hsm\",operation=\"unwrap\",outcome=\"success\"} 1.0")
        .contains("keyshift_backend_duration_seconds_count{backend=\"hsm\",operation=\"unwrap\"} 1")
        .contains(
            "keyshift_rewraps_total{alias=\"orders\",from_version=\"v1\",mode=\"lazy\",outcome=\"success\",to_version=\"v2\"} 1.0");
  }

  @Test
  void routingMeters_areExposedUnderTheirNames() {
    metrics.routeWeight("orders", "v1", 90);
    metrics.routeWeight("orders", "v2", 10);
    metrics.routeWeight("orders", "v1", 40);
    metrics.routingRevision(12);
    metrics.routingReloadFailed();
    assertThat(registry.scrape()).contains("keyshift_routing_store_up 1.0");
    metrics.routingStoreUp(false);
    metrics.masterKeyLoaded("orders", "v3", true);
    metrics.masterKeyLoaded("orders", "v4", false);
    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("keyshift_route_weight{alias=\"orders\",version=\"v1\"} 40.0")
        .contains("keyshift_route_weight{alias=\"orders\",version=\"v2\"} 10.0")
        .contains("keyshift_routing_revision 12.0")
        .contains("keyshift_routing_store_up 0.0")
        .contains("keyshift_master_keys_loaded{alias=\"orders\",version=\"v3\"} 1.0")
        .contains("keyshift_master_keys_loaded{alias=\"orders\",version=\"v4\"} 0.0")
        .contains("keyshift_routing_reload_failures_total 1.0");
  }

  @Test
  void jvmMeters_areBound() {
    assertThat(registry.scrape())
        .contains("jvm_memory_used_bytes")
        .contains("process_uptime_seconds");
  }
}
