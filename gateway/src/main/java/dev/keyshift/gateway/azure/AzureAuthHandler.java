package dev.keyshift.gateway.azure;

import dev.keyshift.gateway.auth.Authenticator;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.routing.Operation;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates Azure SDK calls from headers and path alone. A call without a token (the SDK's
 * first call to a host carries neither token nor body) gets the 401 challenge at once; a token must
 * be allowed the operation ({@code wrapkey} = wrap, {@code unwrapkey} = unwrap) on the alias.
 */
final class AzureAuthHandler implements io.vertx.core.Handler<RoutingContext> {
  private final Authenticator authenticator;

  AzureAuthHandler(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      throw GatewayFailure.of(ErrorCode.UNAUTHENTICATED, "a bearer token is required");
    }
    Operation operation = operation(ctx.request().path());
    authenticator
        .authenticate(authorization)
        .onSuccess(
            token -> {
              if (operation != null && !token.permits(ctx.pathParam("alias"), operation)) {
                ctx.fail(
                    GatewayFailure.of(
                        ErrorCode.FORBIDDEN,
                        "the token may not " + operation.wireName() + " with this key"));
                return;
              }
              ctx.next();
            })
        .onFailure(ctx::fail);
  }

  /** The key operation a path asks for, or null for a key read. */
  static Operation operation(String path) {
    if (path.endsWith("/wrapkey")) {
      return Operation.WRAP;
    }
    return path.endsWith("/unwrapkey") ? Operation.UNWRAP : null;
  }
}
