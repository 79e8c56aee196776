package dev.keyshift.gateway.azure;

import dev.keyshift.gateway.auth.Authenticator;
import dev.keyshift.gateway.config.AzureChallenge;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.keys.KeyService;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The Azure-compatible surface: applications on the Azure SDK's {@code CryptographyClient} point
 * their key id at the gateway ({@code https://gateway/keys/{alias}/{anything}}) and change no code.
 * Reading a key answers 403, so the SDK never wraps locally with a public key (which would bypass
 * routing) and sends every operation here. Any {@code api-version} is accepted.
 */
public final class AzureKeyApi {
  // Relative to the /keys mount point.
  private static final String WRAP = "/(?<alias>[^/]+)(?:/[^/]*)?/wrapkey";
  private static final String UNWRAP = "/(?<alias>[^/]+)(?:/[^/]*)?/unwrapkey";
  private static final String KEY = "/(?<alias>[^/]+)(?:/[^/]*)?";
  private static final int BODY_LIMIT = 64 * 1024;

  private final AzureAuthHandler auth;
  private final AzureErrors errors;
  private final KeyService keys;

  public AzureKeyApi(Authenticator authenticator, AzureChallenge challenge, KeyService keys) {
    this.auth = new AzureAuthHandler(authenticator);
    this.errors = new AzureErrors(challenge);
    this.keys = keys;
  }

  /** Mounts under {@code /keys}; call before routes with a catch-all failure handler. */
  public void mount(Vertx vertx, Router router) {
    // A sub-router behind a prefix: requests to other surfaces are never tried against these
    // regular expressions (3-5% of the gateway's CPU under load when they were).
    Router keys = Router.router(vertx);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    // Authentication gets routes of its own, ahead of the body handler: see NativeApi.
    keys.postWithRegex(WRAP).handler(auth);
    keys.postWithRegex(UNWRAP).handler(auth);
    keys.postWithRegex(WRAP).handler(body).handler(new AzureWrapKeyHandler(this.keys)::handle);
    keys.postWithRegex(UNWRAP).handler(body).handler(new AzureUnwrapKeyHandler(this.keys)::handle);
    keys.getWithRegex(KEY).handler(auth).handler(AzureKeyApi::refuseKeyRead);
    router.route("/keys/*").subRouter(keys);
    router.route("/keys/*").failureHandler(errors::handle);
  }

  private static void refuseKeyRead(RoutingContext ctx) {
    ctx.fail(
        GatewayFailure.of(
            ErrorCode.FORBIDDEN,
            "keys cannot be read through the gateway; wrapkey and unwrapkey are served"));
  }
}
