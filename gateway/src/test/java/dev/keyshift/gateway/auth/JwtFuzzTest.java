package dev.keyshift.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keyshift.gateway.config.JwtConfig;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing of a bearer token read as a JWT, against an RS256 public key: whatever
 * the text (forged headers, {@code alg: none}, broken base64, huge claims), the answer is 401
 * UNAUTHENTICATED, never a grant and never another exception.
 */
class JwtFuzzTest {
  private static final JwtAuthenticator AUTHENTICATOR = authenticator();

  @FuzzTest
  void bearerToken(FuzzedDataProvider data) throws Exception {
    String token = data.consumeRemainingAsString();
    try {
      AUTHENTICATOR
          .authenticate(token)
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
      throw new AssertionError("a token no key signed was accepted: " + token);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(GatewayFailure.class);
      assertThat(((GatewayFailure) e.getCause()).code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
    }
  }

  private static JwtAuthenticator authenticator() {
    try {
      var generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      Path pem = Files.createTempFile("jwt-fuzz", ".pem");
      pem.toFile().deleteOnExit();
      Files.writeString(
          pem,
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder()
                  .encodeToString(generator.generateKeyPair().getPublic().getEncoded())
              + "\n-----END PUBLIC KEY-----\n");
      JwtConfig config =
          new JwtConfig(
              "https://issuer.example",
              "https://vault.azure.net",
              null,
              List.of(pem),
              null,
              "azp",
              List.of(new JwtConfig.Grant("app", null, List.of("*"), null)));
      return JwtAuthenticator.start(Vertx.vertx(), config)
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
