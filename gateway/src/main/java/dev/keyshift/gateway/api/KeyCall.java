package dev.keyshift.gateway.api;

import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.metrics.RewrapMode;

/**
 * What a key operation is asked on besides its body: the alias, and whether a rewrap comes from the
 * bulk rewrap job (header {@value #REWRAP_MODE_HEADER}{@code : bulk}) or from an application.
 */
public record KeyCall(String alias, RewrapMode rewrapMode) {
  public static final String REWRAP_MODE_HEADER = "Keyshift-Rewrap-Mode";

  /**
   * @param rewrapModeHeader the request's {@value #REWRAP_MODE_HEADER}, or null
   */
  static KeyCall of(String alias, String rewrapModeHeader) {
    return new KeyCall(alias, rewrapMode(rewrapModeHeader));
  }

  private static RewrapMode rewrapMode(String header) {
    if (header == null || header.equalsIgnoreCase(RewrapMode.EXPLICIT.tag())) {
      return RewrapMode.EXPLICIT;
    }
    if (header.equalsIgnoreCase(RewrapMode.BULK.tag())) {
      return RewrapMode.BULK;
    }
    throw GatewayFailure.badRequest("header " + REWRAP_MODE_HEADER + " must be bulk or explicit");
  }
}
