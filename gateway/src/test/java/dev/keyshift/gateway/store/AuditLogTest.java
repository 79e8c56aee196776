package dev.keyshift.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.AliasChanges;
import dev.keyshift.routing.Cutover;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.PlanGates;
import dev.keyshift.routing.PlanStep;
import dev.keyshift.routing.VersionState;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins the audit log, a persisted format. */
class AuditLogTest {
  static final Alias BEFORE =
      new Alias(
          "orders",
          true,
          "v1",
          List.of(
              new KeyVersion(
                  "v1",
                  "old-kv",
                  "orders-kek/1",
                  Algorithm.RSA_OAEP_256,
                  100,
                  VersionState.ENABLED),
              new KeyVersion("v2", "hsm", "orders-kek", Algorithm.A256KW, 0, VersionState.ENABLED)),
          4);
  static final Alias AFTER =
      new Alias(
          "orders",
          true,
          "v1",
          List.of(
              new KeyVersion(
                  "v1", "old-kv", "orders-kek/1", Algorithm.RSA_OAEP_256, 90, VersionState.ENABLED),
              new KeyVersion(
                  "v2", "hsm", "orders-kek", Algorithm.A256KW, 10, VersionState.ENABLED)),
          5);
  static final String PINNED_LINE =
      "{\"time\":\"2026-11-28T17:00:00Z\",\"actor\":\"ops\",\"action\":\"set-weights\",\"alias\":\"orders\","
          + "\"before\":{\"name\":\"orders\",\"revision\":4,\"lazyRewrap\":true,\"legacy\":\"v1\",\"versions\":["
          + "{\"id\":\"v1\",\"backend\":\"old-kv\",\"key\":\"orders-kek/1\",\"algorithm\":\"RSA-OAEP-256\",\"weight\":100,\"state\":\"enabled\"},"
          + "{\"id\":\"v2\",\"backend\":\"hsm\",\"key\":\"orders-kek\",\"algorithm\":\"A256KW\",\"weight\":0,\"state\":\"enabled\"}]},"
          + "\"after\":{\"name\":\"orders\",\"revision\":5,\"lazyRewrap\":true,\"legacy\":\"v1\",\"versions\":["
          + "{\"id\":\"v1\",\"backend\":\"old-kv\",\"key\":\"orders-kek/1\",\"algorithm\":\"RSA-OAEP-256\",\"weight\":90,\"state\":\"enabled\"},"
          + "{\"id\":\"v2\",\"backend\":\"hsm\",\"key\":\"orders-kek\",\"algorithm\":\"A256KW\",\"weight\":10,\"state\":\"enabled\"}]}}";

  @TempDir Path dir;

  @Test
  void line_isPinned_andFileIsOwnerOnly() throws Exception {
    AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
    log.append(
        List.of(
            new AuditLog.Entry(
                Instant.parse("2026-11-28T17:00:00Z"),
                "ops",
                "set-weights",
                "orders",
                BEFORE,
                AFTER)));
    assertThat(Files.readString(log.file())).isEqualTo(PINNED_LINE + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file())))
        .isEqualTo("rw-------");
  }

  @Test
  void read_isNewestFirst_withLimitAndSince_skippingTornLines() throws Exception {
    AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
    for (int minute = 0; minute < 5; minute++) {
      log.append(
          List.of(
              new AuditLog.Entry(
                  Instant.parse("2026-11-28T17:0" + minute + ":00Z"),
                  "ops",
                  "set-weights",
                  "orders",
                  BEFORE,
                  AFTER)));
    }
    Files.writeString(
        log.file(), "{\"time\":\"2026-11-28T17:0", java.nio.file.StandardOpenOption.APPEND);
    assertThat(log.read(100, null))
        .extracting(e -> e.getString("time"))
        .containsExactly(
            "2026-11-28T17:04:00Z",
            "2026-11-28T17:03:00Z",
            "2026-11-28T17:02:00Z",
            "2026-11-28T17:01:00Z",
            "2026-11-28T17:00:00Z");
    assertThat(log.read(2, null)).hasSize(2);
    assertThat(log.read(100, Instant.parse("2026-11-28T17:03:00Z"))).hasSize(2);
  }

  @Test
  void addedAlias_hasNoBefore() {
    assertThat(
            new AuditLog.Entry(Instant.EPOCH, "file", "reload", "orders", null, AFTER)
                .toJson()
                .containsKey("before"))
        .isFalse();
  }

  @Test
  void tornLastLine_isEndedBeforeTheNextEntry_soNoEntryIsSwallowed() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    Files.writeString(file, PINNED_LINE + "\n" + PINNED_LINE.substring(0, 40));
    AuditLog log = new AuditLog(file);
    log.append(
        List.of(
            new AuditLog.Entry(
                Instant.parse("2026-11-28T18:00:00Z"),
                "ops",
                "set-weights",
                "orders",
                AFTER,
                BEFORE)));
    assertThat(log.read(10, null)).hasSize(2);
    assertThat(log.read(10, null).get(0).getString("time")).isEqualTo("2026-11-28T18:00:00Z");
  }

  @Test
  void lastStates_areEachAliasNewestAfter_andParseBackToTheAlias() throws Exception {
    AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
    log.append(
        List.of(
            new AuditLog.Entry(Instant.EPOCH, "ops", "set-weights", "orders", BEFORE, AFTER),
            new AuditLog.Entry(Instant.EPOCH, "ops", "set-weights", "orders", AFTER, BEFORE)));
    assertThat(log.lastStates()).containsOnlyKeys("orders");
    assertThat(AliasJson.parse(log.lastStates().get("orders"))).isEqualTo(BEFORE);
  }

  @Test
  void anAliasWithAPlanAndAShadow_parsesBackFromItsEntry() {
    Alias planned =
        Cutover.applyPending(
            Cutover.start(
                AliasChanges.setShadow(BEFORE, BEFORE.versions().get(0).id(), 30),
                "p1",
                List.of(
                    new PlanStep(
                        Map.of(BEFORE.versions().get(0).id(), 1),
                        Map.of(),
                        Duration.ofMinutes(10))),
                PlanGates.DEFAULT,
                "ops",
                Instant.parse("2026-11-28T17:00:00Z")),
            Instant.parse("2026-11-28T17:00:01Z"));
    JsonObject entry =
        new AuditLog.Entry(Instant.EPOCH, "plan:p1", "plan-step", "orders", BEFORE, planned)
            .toJson();
    assertThat(entry.getJsonObject("after").getJsonObject("plan").getString("state"))
        .isEqualTo("running");
    assertThat(AliasJson.parse(entry.getJsonObject("after"))).isEqualTo(planned);
  }
}
