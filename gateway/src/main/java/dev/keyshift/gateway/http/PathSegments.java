package dev.keyshift.gateway.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A request path's segments after a fixed prefix, each percent-decoded as a path parameter is. The
 * path's encoding was checked before ({@link RequestGuard}); an encoded slash stays inside its
 * segment, so {@code ..%2F} names an alias, never a parent.
 */
public final class PathSegments {
  private PathSegments() {}

  /** The segments of {@code path} after {@code prefix}, or null when it does not start so. */
  public static String[] after(String path, String prefix) {
    if (!path.startsWith(prefix)) {
      return null;
    }
    String[] segments = path.substring(prefix.length()).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      segments[i] = decoded(segments[i]);
    }
    return segments;
  }

  private static String decoded(String segment) {
    // '+' is a plus in a path, not the space it is in a form.
    return segment.indexOf('%') < 0
        ? segment
        : URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
