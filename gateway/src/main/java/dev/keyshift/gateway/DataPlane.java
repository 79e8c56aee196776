package dev.keyshift.gateway;

import dev.keyshift.gateway.api.NativeApi;
import dev.keyshift.gateway.azure.AzureKeyApi;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.AccessLog;
import dev.keyshift.gateway.http.JsonErrors;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * The data listener's requests: the native API and the Azure-compatible surface each take what is
 * theirs, anything else is {@code NOT_FOUND} naming the routes that exist. No web router sits in
 * front: on the hot path its per-request routing context, route matching and body handler cost more
 * than the key operation itself.
 */
final class DataPlane implements Handler<HttpServerRequest> {
  private final NativeApi nativeApi;
  private final AzureKeyApi azure;

  DataPlane(NativeApi nativeApi, AzureKeyApi azure) {
    this.nativeApi = nativeApi;
    this.azure = azure;
  }

  @Override
  public void handle(HttpServerRequest request) {
    AccessLog.track(request);
    if (!nativeApi.serve(request) && !azure.serve(request)) {
      JsonErrors.respond(request, GatewayFailure.of(ErrorCode.NOT_FOUND, noRoute(request)));
    }
  }

  private static String noRoute(HttpServerRequest request) {
    String path = request.path();
    String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
    return "no route for "
        + request.method()
        + " "
        + shown
        + " (key operations are POST /v1/keys/{alias}/wrap|unwrap|rewrap|datakey[/batch])";
  }
}
