package dev.keyshift.gateway.azure;

import dev.keyshift.gateway.auth.Authenticator;
import dev.keyshift.gateway.config.AzureChallenge;
import dev.keyshift.gateway.config.TokenRule;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.BoundedBody;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.keys.KeyService;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The Azure-compatible surface: applications on the Azure SDK's {@code CryptographyClient} point
 * their key id at the gateway ({@code https://gateway/keys/{alias}/{anything}}) and change no code.
 * Reading a key answers 403, so the SDK never wraps locally with a public key (which would bypass
 * routing) and sends every operation here. Any {@code api-version} is accepted. Served from the
 * HTTP server's request handler, as the native API is; failures are answered by {@link AzureErrors}
 * in Key Vault's shape.
 */
public final class AzureKeyApi {
  private static final int BODY_LIMIT = 64 * 1024;

  private final Authenticator authenticator;
  private final AzureErrors errors;
  private final AzureWrapKeyHandler wrap;
  private final AzureUnwrapKeyHandler unwrap;

  public AzureKeyApi(Authenticator authenticator, AzureChallenge challenge, KeyService keys) {
    this.authenticator = authenticator;
    this.errors = new AzureErrors(challenge);
    this.wrap = new AzureWrapKeyHandler(keys);
    this.unwrap = new AzureUnwrapKeyHandler(keys);
  }

  /**
   * Serves the request when its path is under {@code /keys/} and answers true (what matches no Key
   * Vault operation gets {@code KeyNotFound}); answers false, having touched nothing, otherwise.
   */
  public boolean serve(HttpServerRequest request) {
    if (!request.path().startsWith(KeyVaultPath.PREFIX)) {
      return false;
    }
    KeyVaultPath path = KeyVaultPath.of(request);
    BoundedBody.after(authorize(request, path), request, BODY_LIMIT)
        .compose(body -> answer(request, path, JsonBody.object(body)))
        .onComplete(answer -> reply(request, answer));
    return true;
  }

  private void reply(HttpServerRequest request, AsyncResult<JsonObject> answer) {
    if (answer.succeeded()) {
      AzureResponses.ok(request, answer.result());
    } else {
      errors.respond(request, answer.cause());
    }
  }

  /**
   * The SDK's first call to a host carries neither token nor body: it gets the challenge at once. A
   * token must be allowed the operation ({@code wrapkey} = wrap, {@code unwrapkey} = unwrap) on the
   * alias; a key read is refused whoever asks.
   */
  private Future<TokenRule> authorize(HttpServerRequest request, KeyVaultPath path) {
    if (path == null) {
      return Future.failedFuture(
          GatewayFailure.of(
              ErrorCode.NOT_FOUND, "no such key operation (wrapkey and unwrapkey are served)"));
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      return Future.failedFuture(
          GatewayFailure.of(ErrorCode.UNAUTHENTICATED, "a bearer token is required"));
    }
    return authenticator.authenticate(authorization).compose(token -> permitted(path, token));
  }

  private static Future<TokenRule> permitted(KeyVaultPath path, TokenRule token) {
    if (path.keyRead()) {
      return Future.failedFuture(
          GatewayFailure.of(
              ErrorCode.FORBIDDEN,
              "keys cannot be read through the gateway; wrapkey and unwrapkey are served"));
    }
    if (!token.permits(path.alias(), path.operation())) {
      return Future.failedFuture(
          GatewayFailure.of(
              ErrorCode.FORBIDDEN,
              "the token may not " + path.operation().wireName() + " with this key"));
    }
    return Future.succeededFuture(token);
  }

  private Future<JsonObject> answer(HttpServerRequest request, KeyVaultPath path, JsonObject body) {
    String host = request.getHeader(HttpHeaders.HOST);
    return switch (path.operation()) {
      case WRAP -> wrap.handle(host, path.alias(), body);
      case UNWRAP -> unwrap.handle(host, path.alias(), body);
      default -> throw new IllegalStateException("not a Key Vault operation: " + path.operation());
    };
  }
}
