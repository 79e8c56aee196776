package dev.keyshift.gateway.http;

import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body under a size cap. A declared {@code Content-Length} over the cap is refused
 * before anything is read, and a body that grows past it is refused as soon as it does (413 {@code
 * PAYLOAD_TOO_LARGE}); {@code Expect: 100-continue} is answered only when the body is wanted, so a
 * refused caller never sends it.
 */
public final class BoundedBody {
  private static final String CONTINUE = HttpHeaders.CONTINUE.toString();

  private BoundedBody() {}

  /**
   * The whole body, read once {@code ready} (the caller's authorisation) succeeds. While {@code
   * ready} is pending the request's data is held, so nothing arrives while no one listens; when it
   * is complete already (a static token), the body is read at once, with no pause to undo.
   */
  public static <T> Future<Buffer> after(Future<T> ready, HttpServerRequest request, int limit) {
    if (ready.isComplete()) {
      return ready.succeeded() ? read(request, limit, false) : Future.failedFuture(ready.cause());
    }
    request.pause();
    return ready.compose(done -> read(request, limit, true));
  }

  private static Future<Buffer> read(HttpServerRequest request, int limit, boolean held) {
    String expect = request.getHeader(HttpHeaders.EXPECT);
    boolean continues = expect != null && CONTINUE.equalsIgnoreCase(expect);
    GatewayFailure refused = refusedFromHead(request, expect != null && !continues, limit);
    if (refused != null) {
      return Future.failedFuture(refused);
    }
    Received received = new Received(limit);
    request.handler(received);
    request.exceptionHandler(received.body::tryFail);
    request.endHandler(received::end);
    if (continues) {
      request.response().writeContinue();
    }
    if (held) {
      request.resume();
    }
    return received.body.future();
  }

  /**
   * The chunks of one body. Most bodies arrive in one chunk, which is kept as it is (Vert.x hands
   * each chunk over as a buffer of its own); a second one starts a copy.
   */
  private static final class Received implements Handler<Buffer> {
    private final Promise<Buffer> body = Promise.promise();
    private final int limit;
    private Buffer bytes;
    private boolean copied;

    Received(int limit) {
      this.limit = limit;
    }

    @Override
    public void handle(Buffer chunk) {
      int length = bytes == null ? 0 : bytes.length();
      if (length + chunk.length() > limit) {
        body.tryFail(tooLarge());
      } else if (bytes == null) {
        bytes = chunk;
      } else {
        if (!copied) {
          bytes = Buffer.buffer(length + chunk.length()).appendBuffer(bytes);
          copied = true;
        }
        bytes.appendBuffer(chunk);
      }
    }

    void end(Void end) {
      body.tryComplete(bytes == null ? Buffer.buffer() : bytes);
    }
  }

  private static GatewayFailure refusedFromHead(
      HttpServerRequest request, boolean unsupportedExpect, int limit) {
    if (unsupportedExpect) {
      return GatewayFailure.badRequest("the Expect header is not supported (only 100-continue)");
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && declaredLength(length) > limit) {
      return tooLarge();
    }
    return null;
  }

  /** The declared length; one that is not a number was refused by the HTTP decoder already. */
  private static long declaredLength(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static GatewayFailure tooLarge() {
    return GatewayFailure.of(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large");
  }
}
