package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyshift.routing.RoutingSnapshot;
import dev.keyshift.routing.file.RoutingFile;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A gateway killed with SIGKILL right after acknowledging a change restarts with it in force; one
 * killed in the middle of a change restarts with the audit holding whatever is in force.
 */
class CrashSafetyIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void sigkillAfterAcknowledgedChanges_restartsWithThemInForce(@TempDir Path dir) throws Exception {
    GatewayFolder.write(dir, TestGateway.ROUTING);
    for (int round = 1; round <= 5; round++) {
      int v2 = round * 10;
      try (ForkedGateway gateway = ForkedGateway.start(dir, "serve", "--config", "keyshift.yaml")) {
        int admin = adminPort(gateway);
        assertThat(weightOfV2(admin))
            .as("round %d starts with the last acknowledged change", round)
            .isEqualTo(v2 - 10);
        HttpResponse<String> ack =
            send(admin, "PUT", "{\"weights\": {\"v1\": 100, \"v2\": " + v2 + "}}");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        gateway.process.toHandle().destroyForcibly(); // SIGKILL, right after the acknowledgement
        assertThat(gateway.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
      }
      RoutingSnapshot onDisk =
          RoutingFile.parse(Files.readString(dir.resolve("routing.yaml")), Set.of("local"));
      assertThat(onDisk.requireAlias("orders").version("v2").orElseThrow().weight()).isEqualTo(v2);
      assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).hasSize(round);
    }
    try (ForkedGateway gateway = ForkedGateway.start(dir, "serve", "--config", "keyshift.yaml")) {
      assertThat(weightOfV2(adminPort(gateway))).isEqualTo(50);
    }
  }

  /**
   * A gateway killed at each step of an admin change (audit appended; temp file written; renamed
   * into place) restarts serving either the old routing or the new one, never a torn one, with the
   * audit log ending in the routing in force and no temp file left behind.
   */
  @ParameterizedTest
  @ValueSource(strings = {"after-audit", "after-temp-file", "after-rename"})
  void killAtEachStepOfAChange_leavesTheAuditHoldingWhatIsInForce(String step, @TempDir Path dir)
      throws Exception {
    GatewayFolder.write(dir, TestGateway.ROUTING);
    try (ForkedGateway gateway = ForkedGateway.start(dir, "serve", "--config", "keyshift.yaml")) {
      assertThat(
              send(adminPort(gateway), "PUT", "{\"weights\": {\"v1\": 100, \"v2\": 10}}")
                  .statusCode())
          .isEqualTo(200);
      gateway.process.toHandle().destroyForcibly();
      assertThat(gateway.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    try (ForkedGateway gateway =
        ForkedGateway.start(
            dir,
            List.of("-Dkeyshift.crash-at-for-testing=" + step),
            "serve",
            "--config",
            "keyshift.yaml")) {
      int admin = adminPort(gateway);
      assertThatThrownBy(() -> send(admin, "PUT", "{\"weights\": {\"v1\": 100, \"v2\": 20}}"))
          .as("the gateway dies at %s before it can answer", step)
          .isInstanceOf(IOException.class);
      assertThat(gateway.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    try (ForkedGateway gateway = ForkedGateway.start(dir, "serve", "--config", "keyshift.yaml")) {
      int inForce = weightOfV2(adminPort(gateway));
      assertThat(inForce).isIn(10, 20);
      if (step.equals("after-rename")) {
        assertThat(inForce).as("the file was in place").isEqualTo(20);
      } else {
        assertThat(inForce).as("the file was not replaced").isEqualTo(10);
      }
      List<String> audit = Files.readAllLines(dir.resolve("audit.jsonl"));
      JsonObject last = new JsonObject(audit.get(audit.size() - 1));
      assertThat(
              last.getJsonObject("after")
                  .getJsonArray("versions")
                  .getJsonObject(1)
                  .getInteger("weight"))
          .as("the audit ends in the routing in force: %s", audit)
          .isEqualTo(inForce);
      assertThat(audit.stream().map(JsonObject::new).filter(e -> weightAfter(e) == 20))
          .as("the change written ahead is in the log")
          .isNotEmpty();
      try (java.util.stream.Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
      }
    }
  }

  private static int weightAfter(JsonObject entry) {
    return entry
        .getJsonObject("after")
        .getJsonArray("versions")
        .getJsonObject(1)
        .getInteger("weight");
  }

  private static int adminPort(ForkedGateway gateway) throws InterruptedException {
    return gateway.servingPorts()[1];
  }

  private static int weightOfV2(int admin) throws Exception {
    HttpResponse<String> response =
        HTTP.send(request(admin, "GET", null), HttpResponse.BodyHandlers.ofString());
    return new io.vertx.core.json.JsonObject(response.body())
        .getJsonArray("versions")
        .getJsonObject(1)
        .getInteger("weight");
  }

  private static HttpResponse<String> send(int admin, String method, String body) throws Exception {
    return HTTP.send(request(admin, method, body), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(int admin, String method, String body) {
    String path =
        method.equals("GET") ? "/admin/v1/aliases/orders" : "/admin/v1/aliases/orders/weights";
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + path))
        .header("Authorization", "Bearer " + TestGateway.ADMIN_TOKEN)
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }
}
