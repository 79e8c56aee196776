package dev.keyshift.gateway.config;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;

/**
 * One configured key backend, as its {@code backends.NAME} entry reads. Each backend type has its
 * own record, in its provider's package; {@code type} picks it ({@link BackendTypes}).
 */
@JsonTypeInfo(
    use = JsonTypeInfo.Id.NAME,
    include = JsonTypeInfo.As.EXISTING_PROPERTY,
    property = "type",
    visible = true)
public interface BackendConfig {
  /** The {@code type} the entry names. */
  String type();

  /** The entry's {@code resilience} settings, or null for the defaults. */
  ResilienceConfig resilience();

  /**
   * The bound on one call, retries included; for backends on the worker pool, also the longest a
   * call may wait there before it is answered {@code BACKEND_TIMEOUT} without running.
   */
  Duration timeout();

  /** Seconds from the file, bounded, or the default. */
  static Duration timeout(Integer seconds, Duration fallback) {
    return seconds == null ? fallback : Duration.ofSeconds(seconds);
  }
}
