package dev.keyshift.gateway.backend.azure;

import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.FluxUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * The Azure SDK's HTTP transport on a Vert.x 5 HTTP client: a fraction of the JDK client's CPU per
 * vault call (docs/PERFORMANCE.md). The SDK calls from Reactor's threads; every exchange hops onto
 * one Vert.x context first (the Vert.x client is not to be driven from foreign threads), reads the
 * whole answer there, and hands it back on Reactor's bounded-elastic threads, so the SDK's own work
 * on the answer never runs on an event loop. A cancelled call (the backend's timeout) resets its
 * request. At most {@link #OPENING_AT_ONCE} calls wait for a connection at once ({@link
 * ConnectGate}), and {@link #warm} opens connections ahead of a routing change that sends calls.
 */
final class VertxAzureHttpClient implements com.azure.core.http.HttpClient {
  /**
   * The most connections opened to the vault at the same time. Few: a call that waits takes the
   * first connection that comes free, and one open connection serves about a thousand calls a
   * second, while each handshake costs CPU that the calls already in flight need. With 16, a
   * routing change onto an empty pool opened 150-220 connections and filled the bulkhead; with 2,
   * 30-70, and the bulkhead rarely filled (docs/PERFORMANCE.md, bench/vault-step.sh).
   */
  static final int OPENING_AT_ONCE = 2;

  private final io.vertx.core.Context context;
  private final HttpClient client;
  private final Duration idleTimeout;
  private final int connections;
  private final IntSupplier open;
  private final ConnectGate gate = new ConnectGate(OPENING_AT_ONCE);
  private Future<Void> filling; // confined to context

  /**
   * @param context where every exchange runs: an event-loop context of the gateway's Vert.x
   * @param idleTimeout how long a request may see no bytes before it fails
   * @param connections the most connections the client's pool keeps
   * @param open how many connections the client has open now
   */
  VertxAzureHttpClient(
      io.vertx.core.Context context,
      HttpClient client,
      Duration idleTimeout,
      int connections,
      IntSupplier open) {
    this.context = context;
    this.client = client;
    this.idleTimeout = idleTimeout;
    this.connections = connections;
    this.open = open;
  }

  /**
   * Fills the pool ahead of a surge of calls, through the connect gate like any call. Filled only
   * in part, the pool still grows under the surge, and the handshakes then take the CPU the calls
   * need, which slows them, which grows the pool further (docs/PERFORMANCE.md, "Soak"). Each
   * connection had is held until all are, so that those after the idle ones are opened; then each
   * carries the request a client without a token sends first (the vault answers it with its 401
   * challenge, no key operation), and the answer gives the connection back to the pool. A full pool
   * is left alone. While the last connections open, the held ones are idle and calls wait for them:
   * a pool that carries calls is rarely far from full. Never fails: a vault that cannot be reached
   * is the calls' to report.
   *
   * @param url a URL of the vault (a key's)
   * @param within how long the caller waits at most; connections still opening then are given back
   *     to the pool when they open
   */
  Future<Void> warm(String url, Duration within) {
    ContextInternal caller = ((ContextInternal) context).owner().getOrCreateContext();
    Promise<Void> warmed = caller.promise();
    context.runOnContext(
        v -> {
          // Versions of one vault gaining traffic together share one filling, not one each.
          if (filling == null && open.getAsInt() < connections) {
            Future<Void> started = fill(url, within);
            filling = started;
            started.onComplete(done -> filling = null);
          }
          if (filling == null) {
            warmed.complete();
            return;
          }
          long deadline = context.owner().setTimer(within.toMillis(), t -> warmed.tryComplete());
          filling.onComplete(
              done -> {
                context.owner().cancelTimer(deadline);
                warmed.tryComplete();
              });
        });
    return warmed.future();
  }

  /**
   * Holds a connection for each place in the pool, then gives them all back; what has not started
   * opening by {@code within} never does. On the context.
   */
  private Future<Void> fill(String url, Duration within) {
    AtomicBoolean late = new AtomicBoolean();
    long deadline = context.owner().setTimer(within.toMillis(), t -> late.set(true));
    List<Future<HttpClientRequest>> held = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      held.add(gate.acquire(() -> client.request(warmOptions(url)), late::get));
    }
    return Future.join(held)
        .<Void>transform(all -> Future.join(held.stream().map(this::giveBack).toList()).mapEmpty())
        .otherwiseEmpty()
        .onComplete(done -> context.owner().cancelTimer(deadline));
  }

  private Future<?> giveBack(Future<HttpClientRequest> held) {
    // Read inside send's callback, like every answer (see exchange).
    return held.succeeded()
        ? held.result().send().compose(HttpClientResponse::body)
        : Future.succeededFuture();
  }

  private RequestOptions warmOptions(String url) {
    return new RequestOptions()
        .setAbsoluteURI(url)
        .setMethod(HttpMethod.GET)
        .setIdleTimeout(idleTimeout.toMillis());
  }

  @Override
  public Mono<HttpResponse> send(HttpRequest request) {
    return send(request, Context.NONE);
  }

  @Override
  public Mono<HttpResponse> send(HttpRequest request, Context azureContext) {
    return body(request)
        .flatMap(bytes -> Mono.<HttpResponse>create(sink -> exchange(request, bytes, sink)))
        .publishOn(Schedulers.boundedElastic());
  }

  private static Mono<byte[]> body(HttpRequest request) {
    BinaryData body = request.getBodyAsBinaryData();
    return body == null
        ? Mono.just(new byte[0])
        : FluxUtil.collectBytesInByteBufferStream(body.toFluxByteBuffer());
  }

  private void exchange(HttpRequest request, byte[] body, MonoSink<HttpResponse> sink) {
    AtomicBoolean cancelled = new AtomicBoolean();
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    sink.onCancel(
        () -> {
          cancelled.set(true);
          context.runOnContext(
              v -> {
                HttpClientRequest started = sent.get();
                if (started != null) {
                  started.reset();
                }
              });
        });
    context.runOnContext(
        v ->
            gate.acquire(() -> client.request(options(request)), cancelled::get)
                .compose(
                    started -> {
                      sent.set(started);
                      if (cancelled.get()) {
                        started.reset();
                        return Future.failedFuture(new CancellationException("call abandoned"));
                      }
                      // The answer's body is read inside send's callback: read later, a body can
                      // be lost (eclipse-vertx/vert.x#5904).
                      return started
                          .send(Buffer.buffer(body))
                          .compose(
                              answer ->
                                  answer.body().map(bytes -> response(request, answer, bytes)));
                    })
                .onComplete(
                    done -> {
                      if (cancelled.get()) {
                        return; // nobody to tell: the SDK has given up on this call
                      }
                      if (done.succeeded()) {
                        sink.success(done.result());
                      } else {
                        sink.error(done.cause());
                      }
                    }));
  }

  private RequestOptions options(HttpRequest request) {
    RequestOptions options =
        new RequestOptions()
            .setAbsoluteURI(request.getUrl())
            .setMethod(HttpMethod.valueOf(request.getHttpMethod().name()))
            .setIdleTimeout(idleTimeout.toMillis());
    for (HttpHeader header : request.getHeaders()) {
      for (String value : header.getValuesList()) {
        options.addHeader(header.getName(), value);
      }
    }
    return options;
  }

  private static HttpResponse response(
      HttpRequest request, HttpClientResponse answer, Buffer body) {
    HttpHeaders headers = new HttpHeaders();
    answer
        .headers()
        .forEach(entry -> headers.add(HttpHeaderName.fromString(entry.getKey()), entry.getValue()));
    return new VertxAzureResponse(request, answer.statusCode(), headers, body.getBytes());
  }
}
