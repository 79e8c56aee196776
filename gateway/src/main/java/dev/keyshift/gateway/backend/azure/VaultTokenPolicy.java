package dev.keyshift.gateway.backend.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * Puts the vault's bearer token on every call, from a token kept here: concurrent calls read it
 * without waiting for one another. The SDK's own policy lets one caller at a time look at its
 * cached token and makes any other retry 500 ms later, which under concurrency put about 1% of
 * vault calls at 500 ms (docs/PERFORMANCE.md). The scope is the vault type's, known from the
 * configuration, so no challenge round trip is needed either.
 *
 * <p>A token is renewed once it is within {@link #RENEW_BEFORE} of expiry, by one caller while the
 * others keep using it; a call the vault answers 401 renews it and is sent once more.
 */
final class VaultTokenPolicy implements HttpPipelinePolicy {
  static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

  private final TokenCredential credential;
  private final TokenRequestContext request;
  private final AtomicReference<AccessToken> current = new AtomicReference<>();
  private final AtomicReference<Mono<AccessToken>> renewing = new AtomicReference<>();

  VaultTokenPolicy(TokenCredential credential, String scope) {
    this.credential = credential;
    this.request = new TokenRequestContext().addScopes(scope);
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    return token()
        .flatMap(token -> send(context, next.clone(), token))
        .flatMap(
            response -> {
              if (response.getStatusCode() != 401) {
                return Mono.just(response);
              }
              response.close();
              return renew(null).flatMap(token -> send(context, next.clone(), token));
            });
  }

  private static Mono<HttpResponse> send(
      HttpPipelineCallContext context, HttpPipelineNextPolicy next, AccessToken token) {
    context.getHttpRequest().setHeader(HttpHeaderName.AUTHORIZATION, "Bearer " + token.getToken());
    return next.process();
  }

  private Mono<AccessToken> token() {
    AccessToken token = current.get();
    if (token != null && OffsetDateTime.now().isBefore(token.getExpiresAt().minus(RENEW_BEFORE))) {
      return Mono.just(token);
    }
    return renew(token);
  }

  /**
   * A fresh token, fetched by one caller at a time. A caller holding a token that has not expired
   * goes on with it while the new one is fetched in the background.
   *
   * @param stale the token to fall back on, or null to wait for the new one
   */
  private Mono<AccessToken> renew(AccessToken stale) {
    boolean usable = stale != null && !stale.isExpired();
    Mono<AccessToken> fetch = renewing.get();
    if (fetch == null) {
      AtomicReference<Mono<AccessToken>> self = new AtomicReference<>();
      // Done before the token goes on: a caller it answers (a 401's retry) must start afresh.
      Runnable done = () -> renewing.compareAndSet(self.get(), null);
      Mono<AccessToken> started =
          Mono.defer(() -> credential.getToken(request))
              .switchIfEmpty(
                  Mono.error(() -> new IllegalStateException("the credential gave no token")))
              .doOnNext(
                  token -> {
                    current.set(token);
                    done.run();
                  })
              .doOnError(failure -> done.run())
              .doOnCancel(done)
              .cache();
      self.set(started);
      if (renewing.compareAndSet(null, started)) {
        fetch = started;
        if (usable) {
          started.subscribe(token -> {}, failure -> {});
        }
      } else if ((fetch = renewing.get()) == null) {
        // The other caller's fetch has just finished: its token is current now.
        return token();
      }
    }
    return usable ? Mono.just(stale) : fetch;
  }
}
