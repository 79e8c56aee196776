package dev.keyshift.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.gateway.store.Revisions;
import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.VersionState;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Coverage-guided fuzzing of what admin and data-plane clients send: a key operation's body, the
 * plan, weights, new-version, scan, state and shadow bodies, {@code If-Match}. The only failure
 * allowed is a {@link GatewayFailure} with a 4xx code: anything else would be a 500. In {@code mvn
 * verify} each target replays its committed corpus.
 */
class AdminBodyFuzzTest {
  static final Set<ErrorCode> CLIENT_CODES =
      Set.of(ErrorCode.BAD_REQUEST, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.CONFLICT);

  static final Alias ALIAS =
      new Alias(
          "orders",
          false,
          null,
          List.of(new KeyVersion("v1", "dev", "k1", Algorithm.A256KW, 1, VersionState.ENABLED)),
          7);

  @FuzzTest
  void keyOperationBody(FuzzedDataProvider data) {
    byte[] body = data.consumeRemainingAsBytes();
    try {
      JsonObject json = JsonBody.object(Buffer.buffer(body));
      byte[] plaintext = JsonBody.base64(json, "plaintext");
      String routingKey = JsonBody.routingKey(json);
      String context = JsonBody.context(json);
      assertThat(plaintext).isNotNull();
      assertThat(routingKey == null || routingKey.length() <= JsonBody.MAX_ROUTING_KEY_LENGTH)
          .isTrue();
      assertThat(context == null || context.length() <= JsonBody.MAX_CONTEXT_LENGTH).isTrue();
    } catch (GatewayFailure failure) {
      assertThat(failure.code()).isIn(CLIENT_CODES);
    }
  }

  @FuzzTest
  void planBody(FuzzedDataProvider data) {
    byte[] body = data.consumeRemainingAsBytes();
    try {
      PlanBody plan = PlanBody.parse(JsonBody.object(Buffer.buffer(body)));
      assertThat(plan.steps()).isNotEmpty();
    } catch (GatewayFailure failure) {
      assertThat(failure.code()).isIn(CLIENT_CODES);
    }
  }

  @FuzzTest
  void weightsBody(FuzzedDataProvider data) {
    byte[] body = data.consumeRemainingAsBytes();
    try {
      assertThat(SetWeightsHandler.weights(JsonBody.object(Buffer.buffer(body)))).isNotEmpty();
    } catch (GatewayFailure failure) {
      assertThat(failure.code()).isIn(CLIENT_CODES);
    }
  }

  @FuzzTest
  void versionBody(FuzzedDataProvider data) {
    byte[] body = data.consumeRemainingAsBytes();
    try {
      KeyVersion version = AddVersionHandler.version(JsonBody.object(Buffer.buffer(body)));
      assertThat(version.weight()).isZero();
      assertThat(version.state()).isEqualTo(VersionState.ENABLED);
    } catch (GatewayFailure failure) {
      assertThat(failure.code()).isIn(CLIENT_CODES);
    }
  }

  @FuzzTest
  void scanBody(FuzzedDataProvider data) {
    byte[] body = data.consumeRemainingAsBytes();
    try {
      var scan = UsageHandler.scan(ALIAS, JsonBody.object(Buffer.buffer(body)));
      assertThat(ALIAS.version("v1")).isPresent();
      assertThat(scan.versions().keySet()).allMatch(id -> ALIAS.version(id).isPresent());
      assertThat(scan.versions().values()).allMatch(count -> count >= 0);
    } catch (GatewayFailure failure) {
      assertThat(failure.code()).isIn(CLIENT_CODES);
    }
  }

  /** The state and shadow bodies: one required field each, a word and a bounded number. */
  @FuzzTest
  void stateAndShadowBody(FuzzedDataProvider data) {
    byte[] body = data.consumeRemainingAsBytes();
    try {
      JsonObject json = JsonBody.object(Buffer.buffer(body));
      assertThat(JsonBody.requiredString(json, "state")).isNotNull();
    } catch (GatewayFailure failure) {
      assertThat(failure.code()).isIn(CLIENT_CODES);
    }
    try {
      int shadow = JsonBody.requiredInt(JsonBody.object(Buffer.buffer(body)), "shadow", 0, 100);
      assertThat(shadow).isBetween(0, 100);
    } catch (GatewayFailure failure) {
      assertThat(failure.code()).isIn(CLIENT_CODES);
    }
  }

  @FuzzTest
  void ifMatch(FuzzedDataProvider data) {
    String header = data.consumeRemainingAsString();
    try {
      Revisions.checkIfMatch(ALIAS, header);
      assertThat(header.isBlank() || header.strip().equals("*") || header.contains("7"))
          .as("only an absent, any or matching tag passes: " + header)
          .isTrue();
    } catch (GatewayFailure failure) {
      assertThat(failure.code()).isEqualTo(ErrorCode.CONFLICT);
      assertThat(header).isNotBlank().isNotEqualTo("*");
    }
  }
}
