package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.b64;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * JWT bearer tokens as an identity provider issues them (Entra ID cannot run here: the test signs
 * tokens itself, and serves its JWKS from a stand-in endpoint).
 */
@ExtendWith(VertxExtension.class)
class JwtAuthTest {
  static final String ISSUER = "https://login.microsoftonline.com/tenant-1/v2.0";
  static final String AUDIENCE = "https://vault.azure.net";

  @Test
  void pemKeys_verifySignatureIssuerAudienceExpiry_andGrants(Vertx vertx, @TempDir Path dir)
      throws Exception {
    KeyPair signer = rsa();
    KeyPair stranger = rsa();
    Files.writeString(dir.resolve("signer.pem"), pem(signer.getPublic()));
    startWith(dir, "public-keys: [signer.pem]");
    try (TestGateway gw = TestGateway.start(vertx, dir, TestGateway.ROUTING)) {
      JWTAuth issuer = signerOf(vertx, signer);
      assertThat(wrap(gw, token(issuer, "app-orders", ISSUER, AUDIENCE, 10)).status())
          .isEqualTo(200);
      assertThat(
              wrap(gw, token(issuer, "app-orders", ISSUER, "https://other.example", 10))
                  .errorCode())
          .isEqualTo("UNAUTHENTICATED");
      assertThat(
              wrap(gw, token(issuer, "app-orders", "https://evil.example/v2.0", AUDIENCE, 10))
                  .errorCode())
          .isEqualTo("UNAUTHENTICATED");
      assertThat(wrap(gw, token(issuer, "app-orders", ISSUER, AUDIENCE, -10)).errorCode())
          .isEqualTo("UNAUTHENTICATED");
      assertThat(
              wrap(gw, token(signerOf(vertx, stranger), "app-orders", ISSUER, AUDIENCE, 10))
                  .errorCode())
          .isEqualTo("UNAUTHENTICATED");
      Response noGrant = wrap(gw, token(issuer, "app-unknown", ISSUER, AUDIENCE, 10));
      assertThat(noGrant.status()).isEqualTo(403);
      assertThat(noGrant.errorMessage()).isEqualTo("the token's azp has no grant on this gateway");
      String valid = token(issuer, "app-orders", ISSUER, AUDIENCE, 10);
      assertThat(gw.post("/v1/keys/billing/wrap", valid, body()).errorCode())
          .isEqualTo("FORBIDDEN");
      assertThat(gw.post("/v1/keys/orders/rewrap", valid, "{\"ciphertext\": \"x\"}").errorCode())
          .isEqualTo("FORBIDDEN");
      assertThat(gw.request("GET", gw.admin("/admin/v1/aliases"), valid, null).errorCode())
          .isEqualTo("FORBIDDEN");
      assertThat(wrap(gw, TestGateway.ALL_TOKEN).status())
          .as("static tokens still work")
          .isEqualTo(200);
    }
  }

  @Test
  void jwksUrl_keysAreFetched_andAzureSdkTokensAreAccepted(Vertx vertx, @TempDir Path dir)
      throws Exception {
    TestPki pki = TestPki.create(dir);
    KeyPair signer = rsa();
    HttpServer jwks = jwksEndpoint(vertx, pki, signer);
    startWith(
        dir,
        "jwks-url: \"https://localhost:" + jwks.actualPort() + "/discovery/v2.0/keys\"",
        "trust-pem: ca.pem");
    Files.writeString(
        dir.resolve("keyshift.yaml"),
        Files.readString(dir.resolve("keyshift.yaml"))
            .replace(
                "server: { shutdown-grace: 5 }",
                "server: { tls: { cert: server.pem, key: server-key.pem } }"));
    try (TestGateway gw = TestGateway.start(vertx, dir, TestGateway.ROUTING)) {
      String token =
          signerOf(vertx, signer)
              .generateToken(
                  new JsonObject().put("azp", "app-orders"),
                  new JWTOptions()
                      .setAlgorithm("RS256")
                      .setIssuer(ISSUER)
                      .setAudience(List.of(AUDIENCE))
                      .setExpiresInMinutes(10)
                      .setHeader(new JsonObject().put("kid", "key-1")));
      TokenCredential credential =
          request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusMinutes(10)));
      CryptographyClient app =
          new CryptographyClientBuilder()
              .keyIdentifier("https://localhost:" + gw.gateway.dataPort() + "/keys/orders/current")
              .credential(credential)
              .httpClient(
                  new JdkHttpClientBuilder(
                          HttpClient.newBuilder().sslContext(pki.sslContext(false)))
                      .build())
              .disableChallengeResourceVerification()
              .buildClient();
      byte[] dek = new byte[32];
      dek[0] = 42;
      byte[] wrapped = app.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, dek).getEncryptedKey();
      assertThat(app.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, wrapped).getKey()).isEqualTo(dek);
    } finally {
      jwks.close().await();
    }
  }

  /**
   * Writes keyshift.yaml with static tokens and {@code auth.jwt}; {@code keys} are its key lines.
   */
  private static void startWith(Path dir, String... keys) throws Exception {
    Files.writeString(dir.resolve("keystore.password"), "test-password\n");
    StringBuilder jwt = new StringBuilder("auth:\n  jwt:\n");
    jwt.append("    issuer: \"").append(ISSUER).append("\"\n");
    jwt.append("    audience: \"").append(AUDIENCE).append("\"\n");
    for (String key : keys) {
      jwt.append("    ").append(key).append('\n');
    }
    jwt.append("    grants:\n");
    jwt.append(
        "      - { value: \"app-orders\", name: orders-app, aliases: [orders], operations: [wrap, unwrap] }\n");
    Files.writeString(
        dir.resolve("keyshift.yaml"), TestGateway.config().replace("auth:\n", jwt.toString()));
  }

  private static HttpServer jwksEndpoint(Vertx vertx, TestPki pki, KeyPair signer) {
    RSAPublicKey key = (RSAPublicKey) signer.getPublic();
    JsonObject jwk =
        new JsonObject()
            .put("kty", "RSA")
            .put("use", "sig")
            .put("alg", "RS256")
            .put("kid", "key-1")
            .put("n", b64url(key.getModulus()))
            .put("e", b64url(key.getPublicExponent()));
    HttpServerOptions options = pki.httpsOnLoopback();
    return vertx
        .createHttpServer(options)
        .requestHandler(
            request ->
                request
                    .response()
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("keys", new JsonArray().add(jwk)).encode()))
        .listen()
        .await();
  }

  private static Response wrap(TestGateway gw, String token) {
    return gw.post("/v1/keys/orders/wrap", token, body());
  }

  private static String body() {
    return "{\"plaintext\": \"" + b64(new byte[32]) + "\"}";
  }

  private static String token(JWTAuth issuer, String azp, String iss, String aud, int minutes) {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims =
        new JsonObject()
            .put("azp", azp)
            .put("iss", iss)
            .put("aud", aud)
            .put("iat", now - 600)
            .put("exp", now + minutes * 60L);
    return issuer.generateToken(
        claims, new JWTOptions().setAlgorithm("RS256").setNoTimestamp(true));
  }

  private static JWTAuth signerOf(Vertx vertx, KeyPair pair) throws Exception {
    return JWTAuth.create(
        vertx,
        new JWTAuthOptions()
            .addPubSecKey(
                new PubSecKeyOptions()
                    .setAlgorithm("RS256")
                    .setBuffer(pem(new JcaPKCS8Generator(pair.getPrivate(), null)))));
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static String pem(Object object) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private static String b64url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
