package dev.keyshift.gateway.http;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The first look at every request, before the router: a request the router could not even parse (an
 * HTTP/1.1 request without {@code Host}, a path or query that is not validly percent-encoded UTF-8)
 * is answered here, 400 in the JSON error shape, and logged at DEBUG at most; the router would
 * answer it in plain text or as a 500 with a stack trace.
 */
public final class RequestGuard implements Handler<HttpServerRequest> {
  private final Handler<HttpServerRequest> next;

  public RequestGuard(Handler<HttpServerRequest> next) {
    this.next = next;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String problem = problem(request);
    if (problem == null) {
      next.handle(request);
      return;
    }
    JsonErrors.refuseBeforeRouting(request, GatewayFailure.of(ErrorCode.BAD_REQUEST, problem));
  }

  /**
   * A request whose head Vert.x could not decode (a line or headers too long, a malformed head):
   * 413 for the sizes, 400 for the rest, in the JSON shape rather than Vert.x's plain text.
   */
  public static void refuseInvalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    GatewayFailure failure =
        cause instanceof TooLongFrameException
            ? GatewayFailure.of(
                ErrorCode.PAYLOAD_TOO_LARGE, "the request line or headers are too long")
            : GatewayFailure.badRequest("the request head is malformed");
    JsonErrors.refuseBeforeRouting(request, failure);
  }

  private static String problem(HttpServerRequest request) {
    if (request.version() != HttpVersion.HTTP_2
        && request.version() != HttpVersion.HTTP_1_0
        && request.getHeader(HttpHeaders.HOST) == null) {
      return "an HTTP/1.1 request needs a Host header";
    }
    String uri = request.uri();
    int query = uri.indexOf('?');
    String path = query < 0 ? uri : uri.substring(0, query);
    if (!validlyEncoded(path)) {
      return "the path is not validly percent-encoded UTF-8";
    }
    if (query >= 0 && !validlyEncoded(uri.substring(query + 1))) {
      return "the query string is not validly percent-encoded UTF-8";
    }
    return null;
  }

  /** Whether every {@code %} starts two hex digits and the decoded bytes are UTF-8. */
  static boolean validlyEncoded(String text) {
    if (text.indexOf('%') < 0) {
      return true;
    }
    ByteBuffer bytes = ByteBuffer.allocate(text.length() * 3);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '%') {
        bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (i + 2 >= text.length()) {
        return false;
      }
      int high = Character.digit(text.charAt(i + 1), 16);
      int low = Character.digit(text.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        return false;
      }
      bytes.put((byte) (high * 16 + low));
      i += 2;
    }
    bytes.flip();
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes);
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
