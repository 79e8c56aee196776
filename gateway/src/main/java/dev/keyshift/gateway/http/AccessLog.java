package dev.keyshift.gateway.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per answered request on logger {@code keyshift.access} at DEBUG: method, path, status,
 * milliseconds. Never headers, query strings or bodies (tokens and keys travel there).
 */
public final class AccessLog implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("keyshift.access");

  @Override
  public void handle(RoutingContext ctx) {
    if (LOG.isDebugEnabled()) {
      long start = System.nanoTime();
      ctx.addEndHandler(
          done ->
              LOG.debug(
                  "{} {} {} {}ms",
                  ctx.request().method(),
                  ctx.request().path(),
                  ctx.response().getStatusCode(),
                  (System.nanoTime() - start) / 1_000_000));
    }
    ctx.next();
  }
}
