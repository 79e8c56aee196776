package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.security.keyvault.keys.cryptography.CryptographyClient;
import com.azure.security.keyvault.keys.cryptography.CryptographyClientBuilder;
import com.azure.security.keyvault.keys.cryptography.models.KeyWrapAlgorithm;
import com.azure.security.keyvault.keys.cryptography.models.UnwrapResult;
import com.azure.security.keyvault.keys.cryptography.models.WrapResult;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** Applications on the Azure SDK's CryptographyClient, pointed at the gateway, change no code. */
@ExtendWith(VertxExtension.class)
class AzureSurfaceTest {
  TestGateway gw;
  TestPki pki;
  ListAppender<ILoggingEvent> access = new ListAppender<>();
  Logger accessLogger = (Logger) LoggerFactory.getLogger("keyshift.access");

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) throws Exception {
    pki = TestPki.create(dir);
    Files.writeString(dir.resolve("keystore.password"), "test-password\n");
    Files.writeString(
        dir.resolve("keyshift.yaml"),
        TestGateway.config()
            .replace(
                "server: { shutdown-grace: 5 }",
                "server: { tls: { cert: server.pem, key: server-key.pem }, azure-challenge: { authorization: \"https://login.microsoftonline.com/tenant-1\" } }"));
    gw = TestGateway.start(vertx, dir, TestGateway.ROUTING);
    accessLogger.setLevel(Level.DEBUG);
    access.start();
    accessLogger.addAppender(access);
  }

  @AfterEach
  void stop() {
    accessLogger.detachAppender(access);
    accessLogger.setLevel(null);
    gw.close();
  }

  @Test
  void cryptographyClient_wrapsAndUnwrapsThroughTheGateway() throws Exception {
    CryptographyClient client =
        client("/keys/orders/1bccaeda45514fef89d389838bbab085", TestGateway.ALL_TOKEN);
    byte[] dek = new byte[32];
    new SecureRandom().nextBytes(dek);
    WrapResult wrapped = client.wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, dek);
    assertThat(new String(wrapped.getEncryptedKey(), StandardCharsets.UTF_8))
        .startsWith("ks1:orders:v1:");
    assertThat(wrapped.getKeyId())
        .isEqualTo("https://localhost:" + gw.gateway.dataPort() + "/keys/orders/v1");
    UnwrapResult unwrapped =
        client.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, wrapped.getEncryptedKey());
    assertThat(unwrapped.getKey()).isEqualTo(dek);

    String path = "/keys/orders/1bccaeda45514fef89d389838bbab085";
    await().until(() -> accessLines().size() >= 4);
    assertThat(accessLines())
        .startsWith(
            "GET " + path + " 401",
            "GET " + path + " 403",
            "POST " + path + "/wrapkey 200",
            "POST " + path + "/unwrapkey 200");
  }

  @Test
  void keyIdWithoutVersion_andLegacyBlobs_work() throws Exception {
    CryptographyClient client = client("/keys/cutover", TestGateway.ALL_TOKEN);
    byte[] dek = new byte[32];
    byte[] legacy = gw.rawKwpWrap("cutover-v1", dek);
    assertThat(client.unwrapKey(KeyWrapAlgorithm.RSA_OAEP_256, legacy).getKey()).isEqualTo(dek);
    assertThat(gw.get(gw.admin("/metrics")).body())
        .as("no lazy rewrap where the new blob cannot be handed back")
        .doesNotContain("keyshift_rewraps_total{alias=\"cutover\"");
    WrapResult wrapped = client.wrapKey(KeyWrapAlgorithm.A256KW, dek);
    assertThat(new String(wrapped.getEncryptedKey(), StandardCharsets.UTF_8))
        .startsWith("ks1:cutover:v2:");
  }

  @Test
  void refusals_raiseTheSdksExceptionsWithAzureCodes() throws Exception {
    assertThatThrownBy(
            () ->
                client("/keys/billing/x", TestGateway.ORDERS_TOKEN)
                    .wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(HttpResponseException.class)
        .satisfies(
            e ->
                assertThat(((HttpResponseException) e).getResponse().getStatusCode())
                    .isEqualTo(403));
    assertThatThrownBy(
            () ->
                client("/keys/nothing/x", TestGateway.ALL_TOKEN)
                    .wrapKey(KeyWrapAlgorithm.RSA_OAEP_256, new byte[32]))
        .isInstanceOf(HttpResponseException.class)
        .satisfies(
            e ->
                assertThat(((HttpResponseException) e).getResponse().getStatusCode())
                    .isEqualTo(404));
    assertThatThrownBy(
            () ->
                client("/keys/orders/x", TestGateway.ALL_TOKEN)
                    .unwrapKey(
                        KeyWrapAlgorithm.RSA_OAEP_256,
                        "ks1:orders:v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                            .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(HttpResponseException.class)
        .satisfies(
            e ->
                assertThat(((HttpResponseException) e).getResponse().getStatusCode())
                    .isEqualTo(400));
  }

  @Test
  void wireFormat_challengeAndAzureErrorShape() throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(pki.sslContext(false)).build();
    HttpResponse<String> challenge =
        http.send(
            request("/keys/orders/v1/wrapkey?api-version=2025-07-01", null, ""),
            HttpResponse.BodyHandlers.ofString());
    assertThat(challenge.statusCode()).isEqualTo(401);
    assertThat(challenge.headers().firstValue("WWW-Authenticate"))
        .contains(
            "Bearer authorization=\"https://login.microsoftonline.com/tenant-1\", resource=\"https://vault.azure.net\"");
    assertThat(new JsonObject(challenge.body()).getJsonObject("error").getString("code"))
        .isEqualTo("Unauthorized");

    HttpResponse<String> read =
        http.send(
            request("/keys/orders", TestGateway.ALL_TOKEN, null),
            HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(read.body()).getJsonObject("error").getString("code"))
        .isEqualTo("Forbidden");

    HttpResponse<String> bad =
        http.send(
            request("/keys/orders//wrapkey", TestGateway.ALL_TOKEN, "{\"alg\": \"RSA-OAEP\"}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(bad.body()).getJsonObject("error").getString("code"))
        .isEqualTo("BadParameter");

    HttpResponse<String> ok =
        http.send(
            request(
                "/keys/orders//wrapkey?api-version=7.4",
                TestGateway.ALL_TOKEN,
                "{\"alg\": \"RSA-OAEP\", \"value\": \"AAAAAAAAAAAAAAAAAAAAAA\"}"),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(new JsonObject(ok.body()).getString("kid")).endsWith("/keys/orders/v1");
  }

  private HttpRequest request(String path, String token, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://localhost:" + gw.gateway.dataPort() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request
        .method(
            body == null ? "GET" : "POST",
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private List<String> accessLines() {
    return access.list.stream()
        .map(ILoggingEvent::getFormattedMessage)
        .map(line -> line.substring(0, line.lastIndexOf(' ')))
        .toList();
  }

  private CryptographyClient client(String keyPath, String token) throws Exception {
    SSLContext ssl = pki.sslContext(false);
    TokenCredential credential =
        request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
    return new CryptographyClientBuilder()
        .keyIdentifier("https://localhost:" + gw.gateway.dataPort() + keyPath)
        .credential(credential)
        .httpClient(new JdkHttpClientBuilder(HttpClient.newBuilder().sslContext(ssl)).build())
        .disableChallengeResourceVerification()
        .buildClient();
  }
}
