package dev.keyshift.gateway.auth;

import dev.keyshift.gateway.config.TokenRule;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.routing.Operation;
import io.vertx.core.Future;

/**
 * Authenticates a key operation's bearer token and authorises the operation on the alias, from the
 * {@code Authorization} header and the path alone, so an unauthorised caller never gets its body
 * read.
 */
public final class KeyAccess {
  private final Authenticator authenticator;

  public KeyAccess(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  /**
   * The token's grant when it may run {@code operation} on {@code alias}; otherwise a failed Future
   * ({@code UNAUTHENTICATED} or {@code FORBIDDEN}) whose message names the token, never its value.
   */
  public Future<TokenRule> authorize(String authorization, String alias, Operation operation) {
    Future<TokenRule> token = authenticator.authenticate(authorization);
    // A static token is known at once; only a JWT may wait for its keys.
    return token.succeeded()
        ? permitted(token.result(), alias, operation)
        : token.compose(rule -> permitted(rule, alias, operation));
  }

  private static Future<TokenRule> permitted(TokenRule token, String alias, Operation operation) {
    return token.permits(alias, operation)
        ? Future.succeededFuture(token)
        : Future.failedFuture(GatewayFailure.of(ErrorCode.FORBIDDEN, forbidden(token, operation)));
  }

  private static String forbidden(TokenRule token, Operation operation) {
    return token.admin()
        ? "admin tokens work only on the admin listener"
        : "token '" + token.name() + "' may not " + operation.wireName() + " with this alias";
  }
}
