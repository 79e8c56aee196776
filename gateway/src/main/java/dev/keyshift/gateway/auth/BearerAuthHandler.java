package dev.keyshift.gateway.auth;

import dev.keyshift.gateway.config.TokenRule;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.routing.Operation;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

/**
 * Authenticates the bearer token and authorises the {@code :op} on the {@code :alias} of the path,
 * from headers and path alone, so an unauthorised caller never gets its body read.
 */
public final class BearerAuthHandler implements AuthenticationHandler {
  /** Context key of the authenticated {@link TokenRule}. */
  public static final String TOKEN = "keyshift.token";

  private final Authenticator authenticator;

  public BearerAuthHandler(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Operation operation =
        Operation.fromWireName(ctx.pathParam("op"))
            .orElseThrow(() -> GatewayFailure.of(ErrorCode.NOT_FOUND, "unknown key operation"));
    authenticator
        .authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .onSuccess(
            token -> {
              if (!token.permits(ctx.pathParam("alias"), operation)) {
                ctx.fail(GatewayFailure.of(ErrorCode.FORBIDDEN, forbidden(token, operation)));
                return;
              }
              ctx.put(TOKEN, token);
              ctx.next();
            })
        .onFailure(ctx::fail);
  }

  private static String forbidden(TokenRule token, Operation operation) {
    return token.admin()
        ? "admin tokens work only on the admin listener"
        : "token '" + token.name() + "' may not " + operation.wireName() + " with this alias";
  }
}
