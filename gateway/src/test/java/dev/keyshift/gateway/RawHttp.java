package dev.keyshift.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw HTTP/1.1 over a socket, for requests a client library refuses to send (no Host, invented
 * methods, broken chunked framing, bad escapes). One request per connection; the answer is read
 * until the server closes or the declared body has arrived.
 */
final class RawHttp {
  private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");
  private static final Pattern LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

  /** An answer: status (0 when the server closed without one), head and body. */
  record Answer(int status, String head, String body) {
    boolean isJsonError() {
      return head.toLowerCase().contains("content-type: application/json")
          && body.startsWith("{\"error\":{\"code\":");
    }
  }

  private RawHttp() {}

  static Answer send(int port, String request) throws IOException {
    return send(port, request.getBytes(StandardCharsets.ISO_8859_1), false);
  }

  /**
   * @param closeAfterSending close the connection right after the bytes (a client vanishing
   *     mid-body); the answer is then empty
   */
  static Answer send(int port, byte[] request, boolean closeAfterSending) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      if (closeAfterSending) {
        return new Answer(0, "", "");
      }
      return read(socket.getInputStream());
    }
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        bytes.write(buffer, 0, n);
        if (complete(bytes.toString(StandardCharsets.ISO_8859_1))) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // What arrived is the answer; a reset after it changes nothing.
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    int split = text.indexOf("\r\n\r\n");
    String head = split < 0 ? text : text.substring(0, split);
    String body = split < 0 ? "" : text.substring(split + 4);
    Matcher status = STATUS.matcher(head);
    return new Answer(status.find() ? Integer.parseInt(status.group(1)) : 0, head, body);
  }

  private static boolean complete(String text) {
    int split = text.indexOf("\r\n\r\n");
    if (split < 0) {
      return false;
    }
    Matcher length = LENGTH.matcher(text.substring(0, split));
    return length.find() && text.length() - split - 4 >= Integer.parseInt(length.group(1));
  }
}
