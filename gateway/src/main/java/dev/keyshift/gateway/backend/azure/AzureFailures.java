package dev.keyshift.gateway.backend.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.failure.LogThrottle;
import dev.keyshift.routing.InvalidCiphertextException;
import dev.keyshift.routing.InvalidPlaintextException;
import dev.keyshift.routing.KeyVersion;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a vault's refusal means to the gateway's client. The SDK has already retried what is worth
 * retrying (429 and 5xx, honouring Retry-After); what arrives here is final. Details, with the
 * vault's {@code x-ms-request-id}, go to the log; the client gets the code and a safe message.
 */
final class AzureFailures {
  private static final Logger LOG = LoggerFactory.getLogger(AzureFailures.class);

  /** One line per backend and status every few seconds: an outage must not flood the log. */
  private static final LogThrottle THROTTLE = new LogThrottle();

  private static final HttpHeaderName REQUEST_ID = HttpHeaderName.fromString("x-ms-request-id");
  private static final HttpHeaderName RETRY_AFTER_MS =
      HttpHeaderName.fromString("x-ms-retry-after-ms");

  private AzureFailures() {}

  static Throwable map(String backend, String operation, KeyVersion version, Throwable failure) {
    if (failure instanceof TimeoutException) {
      return GatewayFailure.of(
          ErrorCode.BACKEND_TIMEOUT, "backend " + backend + " did not answer in time");
    }
    if (!(failure instanceof HttpResponseException http) || http.getResponse() == null) {
      long held = THROTTLE.admit(backend + " unreachable");
      if (held >= 0) {
        LOG.warn(
            "backend {} {} of version {} failed: {}{}",
            backend,
            operation,
            version.id(),
            failure.toString(),
            LogThrottle.heldBack(held));
      }
      return GatewayFailure.backend(
          ErrorCode.BACKEND_ERROR, "backend " + backend + " cannot be reached", failure);
    }
    HttpResponse response = http.getResponse();
    int status = response.getStatusCode();
    long held = THROTTLE.admit(backend + " " + status);
    if (held >= 0) {
      LOG.warn(
          "backend {} answered {} to {} of version {} (x-ms-request-id {}){}",
          backend,
          status,
          operation,
          version.id(),
          response.getHeaders().getValue(REQUEST_ID),
          LogThrottle.heldBack(held));
    }
    return switch (status) {
      case 400 ->
          operation.equals("unwrap")
              ? new InvalidCiphertextException()
              : new InvalidPlaintextException(
                  "backend " + backend + " refused the plaintext for version " + version.id());
      case 401, 403 ->
          GatewayFailure.of(
              ErrorCode.BACKEND_ERROR, "backend " + backend + " refused the gateway's credentials");
      case 404 ->
          GatewayFailure.of(
              ErrorCode.BACKEND_ERROR,
              "backend " + backend + " has no key for version " + version.id());
      case 429 ->
          GatewayFailure.retryable(
              ErrorCode.THROTTLED, "backend " + backend + " is throttling", retryAfter(response));
      case 503 ->
          GatewayFailure.retryable(
              ErrorCode.BACKEND_UNAVAILABLE,
              "backend " + backend + " is unavailable",
              retryAfter(response));
      default ->
          GatewayFailure.of(
              ErrorCode.BACKEND_ERROR, "backend " + backend + " failed (HTTP " + status + ")");
    };
  }

  /** Seconds to wait, from {@code Retry-After} or {@code x-ms-retry-after-ms}; 1 when absent. */
  static int retryAfter(HttpResponse response) {
    try {
      String millis = response.getHeaders().getValue(RETRY_AFTER_MS);
      if (millis != null) {
        return (int) Math.max(1, (Long.parseLong(millis.strip()) + 999) / 1000);
      }
      String seconds = response.getHeaders().getValue(HttpHeaderName.RETRY_AFTER);
      return seconds == null ? 1 : Math.max(1, Integer.parseInt(seconds.strip()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
