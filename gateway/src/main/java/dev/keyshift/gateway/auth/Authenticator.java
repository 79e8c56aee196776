package dev.keyshift.gateway.auth;

import dev.keyshift.gateway.config.TokenRule;
import dev.keyshift.gateway.failure.GatewayFailure;
import io.vertx.core.Future;

/**
 * Every surface's authentication: a JWT-shaped bearer token goes to the JWT verifier when one is
 * configured, any other to the static tokens. Failures are {@code UNAUTHENTICATED} (or {@code
 * FORBIDDEN} for a valid JWT with no grant).
 */
public final class Authenticator {
  private final TokenAuthenticator tokens;
  private final JwtAuthenticator jwt;

  /**
   * @param jwt null when JWTs are not configured
   */
  public Authenticator(TokenAuthenticator tokens, JwtAuthenticator jwt) {
    this.tokens = tokens;
    this.jwt = jwt;
  }

  /** The grant of the {@code Authorization} header's bearer token. */
  public Future<TokenRule> authenticate(String authorization) {
    try {
      String token = TokenAuthenticator.bearerToken(authorization);
      if (jwt != null && JwtAuthenticator.looksLikeJwt(token)) {
        return jwt.authenticate(token);
      }
      return Future.succeededFuture(tokens.rule(token));
    } catch (GatewayFailure e) {
      return Future.failedFuture(e);
    }
  }
}
