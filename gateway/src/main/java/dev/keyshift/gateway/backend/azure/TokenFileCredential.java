package dev.keyshift.gateway.backend.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import dev.keyshift.gateway.config.SecretFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * {@code credential.type: token-file}: a bearer token kept in a file by something else (a sidecar,
 * a projected volume). {@link #refresh} re-reads it (blocking I/O: called on a timer off the event
 * loop); {@link #getToken} only hands out the last token read, so no request waits on the file.
 */
final class TokenFileCredential implements TokenCredential {
  /** The SDK refreshes tokens that are about to expire; this makes it come back regularly. */
  static final Duration ASSUMED_LIFETIME = Duration.ofMinutes(10);

  private final Path file;
  private final AtomicReference<String> token = new AtomicReference<>();

  TokenFileCredential(Path file) {
    this.file = file;
  }

  void refresh() throws IOException {
    token.set(SecretFiles.read(file));
  }

  @Override
  public Mono<AccessToken> getToken(TokenRequestContext request) {
    String current = token.get();
    return current == null
        ? Mono.error(new IllegalStateException("no token read yet from " + file))
        : Mono.just(new AccessToken(current, OffsetDateTime.now().plus(ASSUMED_LIFETIME)));
  }
}
