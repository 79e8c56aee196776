package dev.keyshift.gateway;

import static dev.keyshift.gateway.TestGateway.ALL_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Each fault a vault can throw at the gateway: its answer maps as documented, other aliases keep
 * answering, blobs wrapped before the fault unwrap after it, and no event loop is ever blocked.
 */
@ExtendWith(VertxExtension.class)
class FaultMatrixTest {
  static final String ROUTING = ResilienceTest.ROUTING;

  AzureGatewayFixture fx;
  String kvBlob;
  String healthyBlob;
  final ListAppender<ILoggingEvent> log = new ListAppender<>();

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) throws Exception {
    EventLoopBlocking.watch();
    log.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(log);
    fx =
        AzureGatewayFixture.start(
            vertx,
            dir,
            ROUTING,
            ", http-client: " + httpClient() + ", resilience: { minimum-calls: 50 }",
            ", http-client: " + httpClient());
    kvBlob = fx.gw.wrap("kv", new byte[32], null).getString("ciphertext");
    healthyBlob = fx.gw.wrap("healthy", new byte[32], null).getString("ciphertext");
  }

  /** The Azure SDK's transport under test: the default's, Vert.x. */
  protected String httpClient() {
    return "vertx";
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    fx.close();
  }

  @Test
  void slowVault_isBackendTimeout() {
    fx.keyVault.hang(true);
    assertDuringFault("BACKEND_TIMEOUT", 504);
    fx.keyVault.hang(false);
    assertAfterFault();
  }

  @Test
  void throttlingStorm_isThrottledWithRetryAfter() {
    fx.keyVault.failNext(429, 1000);
    Response response = assertDuringFault("THROTTLED", 429);
    assertThat(response.header("Retry-After")).isEqualTo("1");
    fx.keyVault.failNext(0, 0);
    assertAfterFault();
  }

  @Test
  void retryAfterOneSecond_isHonoured_thenSucceeds() {
    int before = fx.keyVault.requests().size();
    fx.keyVault.failNext(429, 1);
    assertThat(wrap("kv").status()).isEqualTo(200);
    List<Long> arrivals = fx.keyVault.arrivals();
    assertThat(arrivals.size() - before)
        .as("the throttled call and its retry")
        .isGreaterThanOrEqualTo(2);
    long waitedMillis =
        TimeUnit.NANOSECONDS.toMillis(arrivals.get(before + 1) - arrivals.get(before));
    assertThat(waitedMillis)
        .as("the SDK waits out Retry-After: 1 before retrying")
        .isGreaterThanOrEqualTo(1000);
  }

  @Test
  void serverErrors_areBackendErrors() {
    fx.keyVault.failNext(500, 1000);
    assertDuringFault("BACKEND_ERROR", 502);
    fx.keyVault.failNext(0, 0);
    assertAfterFault();
  }

  @Test
  void connectionResets_areBackendErrors() {
    fx.keyVault.reset(true);
    assertDuringFault("BACKEND_ERROR", 502);
    fx.keyVault.reset(false);
    assertAfterFault();
  }

  @Test
  void refusedConnections_areBackendErrors() {
    fx.keyVault.close();
    Response response = assertDuringFault("BACKEND_ERROR", 502);
    assertThat(response.errorMessage()).isEqualTo("backend old-kv cannot be reached");
    assertThat(fx.gw.unwrap("healthy", healthyBlob, null).getString("keyVersion")).isEqualTo("v1");
    assertNoBlockedEventLoop();
  }

  /** The faulty alias answers the mapped error; the healthy one keeps working meanwhile. */
  private Response assertDuringFault(String code, int status) {
    Response response = wrap("kv");
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.errorCode()).isEqualTo(code);
    assertThat(wrap("healthy").status()).isEqualTo(200);
    return response;
  }

  private void assertAfterFault() {
    assertThat(fx.gw.unwrap("kv", kvBlob, null).getString("keyVersion")).isEqualTo("v1");
    assertThat(fx.gw.unwrap("healthy", healthyBlob, null).getString("keyVersion")).isEqualTo("v1");
    assertThat(wrap("kv").status()).isEqualTo(200);
    assertNoBlockedEventLoop();
  }

  private void assertNoBlockedEventLoop() {
    assertThat(EventLoopBlocking.calls()).as("blocking calls on an event loop").isEmpty();
  }

  private Response wrap(String alias) {
    return fx.gw.post(
        "/v1/keys/" + alias + "/wrap",
        ALL_TOKEN,
        new JsonObject().put("plaintext", TestGateway.b64(new byte[32])).encode());
  }
}
