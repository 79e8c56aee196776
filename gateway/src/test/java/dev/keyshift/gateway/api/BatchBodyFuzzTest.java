package dev.keyshift.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.routing.Operation;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Coverage-guided fuzzing of a batch body, read as the native API reads it: the list, then each
 * item with a wrap's readers. A malformed body is a 4xx failure; otherwise there is one result per
 * item, in order, each either the item's answer or a 4xx error, with the item's {@code ref}.
 */
class BatchBodyFuzzTest {
  static final Set<ErrorCode> CLIENT_CODES =
      Set.of(ErrorCode.BAD_REQUEST, ErrorCode.PAYLOAD_TOO_LARGE);

  /** A wrap's body readers, answering what they read instead of calling a key. */
  static final KeyOperationHandler READ_ONLY_WRAP =
      new KeyOperationHandler() {
        @Override
        public Operation operation() {
          return Operation.WRAP;
        }

        @Override
        public Future<JsonObject> handle(KeyCall call, JsonObject request) {
          byte[] plaintext = JsonBody.base64(request, "plaintext");
          JsonBody.routingKey(request);
          JsonBody.context(request);
          return Future.succeededFuture(new JsonObject().put("bytes", plaintext.length));
        }
      };

  @FuzzTest
  void batchBody(FuzzedDataProvider data) throws Exception {
    byte[] body = data.consumeRemainingAsBytes();
    JsonObject request;
    JsonObject answer;
    try {
      request = JsonBody.object(Buffer.buffer(body));
      answer =
          BatchHandler.handle(READ_ONLY_WRAP, KeyCall.of("orders", null), request)
              .toCompletionStage()
              .toCompletableFuture()
              .get();
    } catch (GatewayFailure failure) {
      assertThat(failure.code()).isIn(CLIENT_CODES);
      return;
    }
    JsonArray items = request.getJsonArray("items");
    JsonArray results = answer.getJsonArray("results");
    assertThat(results).hasSize(items.size());
    for (int i = 0; i < results.size(); i++) {
      JsonObject result = results.getJsonObject(i);
      JsonObject error = result.getJsonObject("error");
      if (error == null) {
        assertThat(result.getInteger("bytes")).isNotNull();
      } else {
        assertThat(ErrorCode.valueOf(error.getString("code"))).isIn(CLIENT_CODES);
      }
      Object item = items.getValue(i);
      if (item instanceof JsonObject json && json.getValue("ref") != null && error == null) {
        assertThat(result.getValue("ref")).isEqualTo(json.getValue("ref"));
      }
    }
  }
}
