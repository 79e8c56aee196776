package dev.keyshift.gateway.http;

import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per answered request on logger {@code keyshift.access} at DEBUG: method, path, status,
 * milliseconds. Never headers, query strings or bodies (tokens and keys travel there).
 */
public final class AccessLog {
  private static final Logger LOG = LoggerFactory.getLogger("keyshift.access");

  private AccessLog() {}

  /** Logs the request's line when its answer ends; costs nothing while the logger is off. */
  public static void track(HttpServerRequest request) {
    if (!LOG.isDebugEnabled()) {
      return;
    }
    long start = System.nanoTime();
    // The end handler belongs to the connection guard; the body end comes with it.
    request
        .response()
        .bodyEndHandler(
            done ->
                LOG.debug(
                    "{} {} {} {}ms",
                    request.method(),
                    request.path(),
                    request.response().getStatusCode(),
                    (System.nanoTime() - start) / 1_000_000));
  }
}
