package dev.keyshift.gateway.http;

import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.routing.DomainException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpClosedException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

/**
 * Failures that are the client's broken request or connection, not the gateway's: malformed framing
 * (a chunk size of {@code zz}), a connection closed or reset mid-body. They are answered (when the
 * connection still stands) as 400 and logged at DEBUG, never as internal errors.
 */
public final class BrokenRequests {
  private BrokenRequests() {}

  /**
   * Netty's HTTP decoder reports bad framing with plain exceptions (a {@code NumberFormatException}
   * for a chunk size of {@code zz}, an {@code IllegalArgumentException} for one that overflows):
   * where they were raised says what they are.
   */
  private static boolean raisedByHttpDecoder(Throwable failure) {
    StackTraceElement[] trace = failure.getStackTrace();
    return trace.length > 0 && trace[0].getClassName().startsWith("io.netty.handler.codec.http.");
  }

  /**
   * Whether an unclassified failure is the client's; classified ones already say whose they are.
   */
  public static boolean isBroken(Throwable failure) {
    if (failure instanceof GatewayFailure || failure instanceof DomainException) {
      return false;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DecoderException
          || t instanceof TooLongFrameException
          || t instanceof PrematureChannelClosureException
          || t instanceof HttpClosedException
          || t instanceof ClosedChannelException
          || t instanceof SocketException
          || raisedByHttpDecoder(t)) {
        return true;
      }
    }
    return false;
  }
}
