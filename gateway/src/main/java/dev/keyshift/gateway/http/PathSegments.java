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
    String[] segments = new String[count(path, prefix.length())];
    int start = prefix.length();
    for (int i = 0; i < segments.length; i++) {
      int slash = path.indexOf('/', start);
      int end = slash < 0 ? path.length() : slash;
      segments[i] = decoded(path.substring(start, end));
      start = end + 1;
    }
    return segments;
  }

  /** How many segments follow {@code from}: one more than the slashes (an empty one counts). */
  private static int count(String path, int from) {
    int segments = 1;
    for (int i = path.indexOf('/', from); i >= 0; i = path.indexOf('/', i + 1)) {
      segments++;
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
