package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cutover from v1 (A256KWP) to v2 (A256GCM): 100/0, then 50/50, then 0/100, then a rollback to
 * 100/0. At every step every blob ever issued unwraps to its DEK, lazy rewrap only moves blobs
 * forward, and the share of new wraps per version follows the weights.
 */
@ExtendWith(VertxExtension.class)
class MigrationScenarioTest {
  static final int BLOBS = 1000;
  static final int WRAPS_PER_STEP = 2000;

  /** One stored blob as an application database would hold it. */
  static final class Row {
    final byte[] dek;
    final String routingKey;
    String ciphertext;
    String version;

    Row(byte[] dek, String routingKey, JsonObject wrapped) {
      this.dek = dek;
      this.routingKey = routingKey;
      this.ciphertext = wrapped.getString("ciphertext");
      this.version = wrapped.getString("keyVersion");
    }
  }

  final SecureRandom random = new SecureRandom();
  final List<Row> rows = new ArrayList<>();

  @Test
  void cutover_keepsEveryBlobReadable_andMovesForwardOnly(Vertx vertx, @TempDir Path dir)
      throws Exception {
    TestGateway gw = TestGateway.start(vertx, dir, routing(100, 0));
    for (int i = 0; i < BLOBS; i++) {
      rows.add(wrapNew(gw, i % 2 == 0 ? "tenant-" + i : null));
    }
    assertThat(rows).allSatisfy(row -> assertThat(row.version).isEqualTo("v1"));

    gw = gw.restart(vertx, routing(50, 50));
    readAllWithLazyRewrap(gw);
    long onV2 = rows.stream().filter(row -> row.version.equals("v2")).count();
    // Expected 500 of 1000 (sd about 16): half sticky by routing key, half random.
    assertThat(onV2).as("blobs moved to v2 by lazy rewrap at 50/50").isBetween(400L, 600L);
    assertWrapShare(gw, 0.5);
    assertStickyIsDeterministic(gw);

    gw = gw.restart(vertx, routing(0, 100));
    readAllWithLazyRewrap(gw);
    assertThat(rows).allSatisfy(row -> assertThat(row.version).isEqualTo("v2"));
    assertWrapShare(gw, 1.0);

    gw = gw.restart(vertx, routing(100, 0));
    readAllWithLazyRewrap(gw);
    assertThat(rows)
        .as("a rollback never moves blobs back")
        .allSatisfy(row -> assertThat(row.version).isEqualTo("v2"));
    assertWrapShare(gw, 0.0);
    gw.close();
  }

  private Row wrapNew(TestGateway gw, String routingKey) {
    byte[] dek = new byte[32];
    random.nextBytes(dek);
    return new Row(dek, routingKey, gw.wrap("orders", dek, routingKey));
  }

  /** Reads every blob; stores the rewrapped blob when lazy rewrap moved it, as an app would. */
  private void readAllWithLazyRewrap(TestGateway gw) {
    for (Row row : rows) {
      JsonObject unwrapped = gw.unwrap("orders", row.ciphertext, row.routingKey);
      assertThat(TestGateway.unb64(unwrapped.getString("plaintext"))).isEqualTo(row.dek);
      assertThat(unwrapped.getString("keyVersion")).isEqualTo(row.version);
      if (unwrapped.getBoolean("rewrapped")) {
        String to = unwrapped.getString("rewrappedKeyVersion");
        assertThat(to).as("forward only").isGreaterThan(row.version);
        row.ciphertext = unwrapped.getString("rewrappedCiphertext");
        row.version = to;
        assertThat(row.ciphertext).startsWith("ks1:orders:" + to + ":");
      }
    }
  }

  /** New random-selection wraps land on v2 with probability p, within 5 binomial sigmas. */
  private void assertWrapShare(TestGateway gw, double p) {
    int onV2 = 0;
    for (int i = 0; i < WRAPS_PER_STEP; i++) {
      Row row = wrapNew(gw, null);
      onV2 += row.version.equals("v2") ? 1 : 0;
      if (i % 10 == 0) {
        rows.add(row);
      }
    }
    double tolerance = 5 * Math.sqrt(WRAPS_PER_STEP * p * (1 - p));
    assertThat((double) onV2)
        .isBetween(WRAPS_PER_STEP * p - tolerance, WRAPS_PER_STEP * p + tolerance);
  }

  private void assertStickyIsDeterministic(TestGateway gw) {
    Map<String, String> first = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      String key = "sticky-" + i;
      first.put(key, wrapNew(gw, key).version);
    }
    for (int i = 0; i < 200; i++) {
      String key = "sticky-" + i;
      assertThat(wrapNew(gw, key).version).as(key).isEqualTo(first.get(key));
    }
    assertThat(first.values()).contains("v1", "v2");
  }

  static String routing(int v1, int v2) {
    return """
        aliases:
          orders:
            lazy-rewrap: true
            versions:
              - { id: v1, backend: local, key: orders-kwp, algorithm: A256KWP, weight: %d }
              - { id: v2, backend: local, key: orders-gcm, algorithm: A256GCM, weight: %d }
        """
        .formatted(v1, v2);
  }
}
