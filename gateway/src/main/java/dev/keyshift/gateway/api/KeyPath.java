package dev.keyshift.gateway.api;

import dev.keyshift.gateway.http.PathSegments;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * Where a native key operation is asked: {@code POST /v1/keys/{alias}/{op}} or {@code POST
 * /v1/keys/{alias}/{op}/batch}. The operation's name is kept as sent, so an unknown one is refused
 * by name after the caller is known.
 */
record KeyPath(String alias, String operation, boolean batch) {
  private static final String PREFIX = "/v1/keys/";

  /** The request's key path, or null when it asks for something else. */
  static KeyPath of(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST) {
      return null;
    }
    String[] segments = PathSegments.after(request.path(), PREFIX);
    if (segments == null || segments.length < 2 || segments.length > 3) {
      return null;
    }
    boolean batch = segments.length == 3;
    if (segments[0].isEmpty() || segments[1].isEmpty() || batch && !segments[2].equals("batch")) {
      return null;
    }
    return new KeyPath(segments[0], segments[1], batch);
  }
}
