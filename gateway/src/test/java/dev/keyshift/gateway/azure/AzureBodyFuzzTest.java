package dev.keyshift.gateway.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.gateway.http.JsonBody;
import dev.keyshift.routing.Envelope;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the Azure-compatible surface's wrapkey/unwrapkey body as its handlers
 * read it: {@code alg} required, {@code value} base64url, and on unwrap the value read as an
 * envelope's text or else a legacy blob. Only a 4xx failure may come out; the ciphertext text is
 * always an envelope or the blob's base64, which decodes back to the value.
 */
class AzureBodyFuzzTest {
  static final Set<ErrorCode> CLIENT_CODES =
      Set.of(ErrorCode.BAD_REQUEST, ErrorCode.PAYLOAD_TOO_LARGE);

  @FuzzTest
  void keyOperationBody(FuzzedDataProvider data) {
    byte[] body = data.consumeRemainingAsBytes();
    try {
      JsonObject json = JsonBody.object(Buffer.buffer(body));
      JsonBody.requiredString(json, "alg");
      byte[] value = JsonBody.base64(json, "value");
      String text = AzureUnwrapKeyHandler.ciphertextText(value);
      if (!Envelope.looksLikeEnvelope(text)) {
        assertThat(Base64.getDecoder().decode(text)).isEqualTo(value);
      }
    } catch (GatewayFailure failure) {
      assertThat(failure.code()).isIn(CLIENT_CODES);
    }
  }
}
