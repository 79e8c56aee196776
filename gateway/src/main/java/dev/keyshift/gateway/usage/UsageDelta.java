package dev.keyshift.gateway.usage;

import java.time.Instant;

/**
 * What one gateway counted for one version since its last flush.
 *
 * @param lastWrap the latest wrap, or null when {@code wraps} is 0
 * @param lastUnwrap the latest unwrap, or null when {@code unwraps} is 0
 */
public record UsageDelta(
    String alias, String version, long wraps, Instant lastWrap, long unwraps, Instant lastUnwrap) {

  /** Adds this to {@code usage}. */
  VersionUsage addTo(VersionUsage usage) {
    return usage.plus(wraps, lastWrap, unwraps, lastUnwrap);
  }
}
