package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Calls to a gateway in another process, as an application and as an operator make them. */
final class GatewayCalls {
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final int dataPort;
  private final int adminPort;

  GatewayCalls(int dataPort, int adminPort) {
    this.dataPort = dataPort;
    this.adminPort = adminPort;
  }

  String dataUrl() {
    return "http://127.0.0.1:" + dataPort;
  }

  String adminUrl() {
    return "http://127.0.0.1:" + adminPort;
  }

  /** Wraps each plaintext under alias orders; answers the envelopes in order. */
  List<String> wrapBatch(List<byte[]> plaintexts) {
    JsonArray items = new JsonArray();
    plaintexts.forEach(
        p -> items.add(new JsonObject().put("plaintext", Base64.getEncoder().encodeToString(p))));
    List<String> blobs = new ArrayList<>();
    for (Object result : batch("wrap", items)) {
      blobs.add(((JsonObject) result).getString("ciphertext"));
    }
    return blobs;
  }

  /** Unwraps each blob of alias orders, asserting each succeeds. */
  List<byte[]> unwrapBatch(List<String> ciphertexts) {
    JsonArray items = new JsonArray();
    ciphertexts.forEach(c -> items.add(new JsonObject().put("ciphertext", c)));
    List<byte[]> plaintexts = new ArrayList<>();
    for (Object result : batch("unwrap", items)) {
      JsonObject json = (JsonObject) result;
      assertThat(json.getString("plaintext")).as(json.encode()).isNotNull();
      plaintexts.add(Base64.getDecoder().decode(json.getString("plaintext")));
    }
    return plaintexts;
  }

  /** One wrap under alias orders. */
  String wrap(byte[] plaintext) {
    return wrapBatch(List.of(plaintext)).get(0);
  }

  JsonObject admin(String method, String path, JsonObject body) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(adminUrl() + path))
                .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    return new JsonObject(response.body());
  }

  /** An admin call whose answer the test inspects, whatever its status. */
  HttpResponse<String> adminCall(String method, String path, JsonObject body, String ifMatch) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(adminUrl() + path))
            .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    return send(request);
  }

  /** {@code /health/ready}'s status and body. */
  HttpResponse<String> ready() {
    return send(HttpRequest.newBuilder(URI.create(adminUrl() + "/health/ready")).GET());
  }

  String metrics() {
    return send(HttpRequest.newBuilder(URI.create(adminUrl() + "/metrics")).GET()).body();
  }

  private JsonArray batch(String operation, JsonArray items) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(
                    URI.create(dataUrl() + "/v1/keys/orders/" + operation + "/batch"))
                .header("Authorization", "Bearer " + TestGateway.ALL_TOKEN)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject().put("items", items).encode())));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getJsonArray("results");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new AssertionError("request to the gateway failed: " + e, e);
    }
  }
}
