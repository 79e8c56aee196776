package dev.keyshift.gateway.auth;

import dev.keyshift.gateway.http.ErrorCode;
import dev.keyshift.gateway.http.GatewayFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

/** Lets only admin tokens through to {@code /admin/v1}; puts the token in the context. */
public final class AdminAuthHandler implements AuthenticationHandler {
  private final TokenAuthenticator authenticator;

  public AdminAuthHandler(TokenAuthenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void handle(RoutingContext ctx) {
    TokenRule token =
        authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (!token.admin()) {
      throw GatewayFailure.of(ErrorCode.FORBIDDEN, "only admin tokens may use the admin API");
    }
    ctx.put(BearerAuthHandler.TOKEN, token);
    ctx.next();
  }

  /** The name of the admin token of this request, for the audit log. */
  public static String actor(RoutingContext ctx) {
    TokenRule token = ctx.get(BearerAuthHandler.TOKEN);
    return token.name();
  }
}
