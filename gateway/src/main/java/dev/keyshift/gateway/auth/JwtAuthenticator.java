package dev.keyshift.gateway.auth;

import dev.keyshift.gateway.config.JwtConfig;
import dev.keyshift.gateway.config.TokenRule;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies JWT bearer tokens (signature, expiry, issuer, audience) and maps the caller's claim to a
 * grant. Signing keys come from PEM files or a JWKS URL, fetched at start and then refreshed on a
 * timer (signing keys rotate); a failed refresh keeps the keys it had.
 */
public final class JwtAuthenticator {
  public static final Duration JWKS_REFRESH = Duration.ofMinutes(10);
  private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);

  private final Vertx vertx;
  private final JwtConfig config;
  private final AtomicReference<JWTAuth> verifier = new AtomicReference<>();
  private HttpClient http;

  private JwtAuthenticator(Vertx vertx, JwtConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** Loads the keys (blocking file reads happen on a worker) and starts the JWKS refresh. */
  public static Future<JwtAuthenticator> start(Vertx vertx, JwtConfig config) {
    JwtAuthenticator authenticator = new JwtAuthenticator(vertx, config);
    if (config.jwksUrl() == null) {
      return vertx.executeBlocking(() -> authenticator.fromPem(), false).map(authenticator);
    }
    HttpClientOptions options = new HttpClientOptions().setSsl(true);
    if (config.trustPem() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(config.trustPem().toString()));
    }
    authenticator.http = vertx.createHttpClient(options);
    return authenticator
        .refreshJwks()
        .onSuccess(
            v ->
                vertx.setPeriodic(
                    JWKS_REFRESH.toMillis(),
                    id ->
                        authenticator
                            .refreshJwks()
                            .onFailure(
                                e ->
                                    LOG.warn(
                                        "JWKS refresh from {} failed, keeping the keys in use: {}",
                                        config.jwksUrl(),
                                        e.getMessage()))))
        .map(authenticator);
  }

  /** Whether a bearer token has a JWT's shape: three base64url parts. */
  public static boolean looksLikeJwt(String token) {
    return token.chars().filter(c -> c == '.').count() == 2;
  }

  /** The grant of a valid token's caller. */
  public Future<TokenRule> authenticate(String token) {
    return verifier
        .get()
        .authenticate(new TokenCredentials(token))
        .recover(
            e ->
                Future.failedFuture(
                    GatewayFailure.of(ErrorCode.UNAUTHENTICATED, "the bearer token is not valid")))
        .map(user -> grant(user.principal()));
  }

  private TokenRule grant(JsonObject claims) {
    Object caller = claims.getValue(config.claim());
    TokenRule rule = caller == null ? null : config.grantOf(caller.toString());
    if (rule == null) {
      throw GatewayFailure.of(
          ErrorCode.FORBIDDEN, "the token's " + config.claim() + " has no grant on this gateway");
    }
    return rule;
  }

  private Void fromPem() throws java.io.IOException {
    JWTAuthOptions options = options();
    for (Path key : config.publicKeys()) {
      options.addPubSecKey(
          new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(Files.readString(key)));
    }
    verifier.set(JWTAuth.create(vertx, options));
    return null;
  }

  private Future<Void> refreshJwks() {
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setAbsoluteURI(config.jwksUrl().toString())
            .setTimeout(10_000);
    return http.request(request)
        .compose(
            r ->
                r.send()
                    .compose(
                        response ->
                            response.statusCode() == 200
                                ? response.body()
                                : Future.failedFuture(
                                    "JWKS answered HTTP " + response.statusCode())))
        .map(
            body -> {
              JsonArray keys = body.toJsonObject().getJsonArray("keys", new JsonArray());
              List<JsonObject> jwks = new ArrayList<>();
              keys.forEach(key -> jwks.add((JsonObject) key));
              verifier.set(JWTAuth.create(vertx, options().setJwks(jwks)));
              return null;
            });
  }

  private JWTAuthOptions options() {
    return new JWTAuthOptions()
        .setJWTOptions(
            new JWTOptions()
                .setIssuer(config.issuer())
                .addAudience(config.audience())
                .setLeeway(60));
  }
}
