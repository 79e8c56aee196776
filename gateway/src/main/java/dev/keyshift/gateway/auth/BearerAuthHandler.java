package dev.keyshift.gateway.auth;

import dev.keyshift.gateway.http.ErrorCode;
import dev.keyshift.gateway.http.GatewayFailure;
import dev.keyshift.gateway.keys.Operation;
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

  private final TokenAuthenticator authenticator;

  public BearerAuthHandler(TokenAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void handle(RoutingContext ctx) {
    TokenRule token =
        authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    Operation operation =
        Operation.fromWireName(ctx.pathParam("op"))
            .orElseThrow(() -> GatewayFailure.of(ErrorCode.NOT_FOUND, "unknown key operation"));
    if (!token.permits(ctx.pathParam("alias"), operation)) {
      throw GatewayFailure.of(ErrorCode.FORBIDDEN, forbidden(token, operation));
    }
    ctx.put(TOKEN, token);
    ctx.next();
  }

  private static String forbidden(TokenRule token, Operation operation) {
    return token.admin()
        ? "admin tokens work only on the admin listener"
        : "token '" + token.name() + "' may not " + operation.wireName() + " with this alias";
  }
}
