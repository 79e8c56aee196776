package dev.keyshift.gateway.auth;

import dev.keyshift.gateway.config.TokenRule;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;

/** Lets only admin tokens through to {@code /admin/v1}; puts the token in the context. */
public final class AdminAuthHandler implements AuthenticationHandler {
  /** Context key of the authenticated {@link TokenRule}. */
  private static final String TOKEN = "keyshift.token";

  private final Authenticator authenticator;

  public AdminAuthHandler(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void handle(RoutingContext ctx) {
    authenticator
        .authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .onSuccess(
            token -> {
              if (!token.admin()) {
                ctx.fail(
                    GatewayFailure.of(
                        ErrorCode.FORBIDDEN, "only admin tokens may use the admin API"));
                return;
              }
              ctx.put(TOKEN, token);
              ctx.next();
            })
        .onFailure(ctx::fail);
  }

  /** The name of the admin token of this request, for the audit log. */
  public static String actor(RoutingContext ctx) {
    TokenRule token = ctx.get(TOKEN);
    return token.name();
  }
}
