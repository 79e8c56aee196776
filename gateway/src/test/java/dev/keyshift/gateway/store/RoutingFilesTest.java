package dev.keyshift.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.routing.Alias;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up reconciliation of the routing in force with the audit log. */
class RoutingFilesTest {
  @TempDir Path dir;

  @Test
  void aliasWhoseFileStateDiffersFromItsLastEntry_isAuditedAsReconciled() throws Exception {
    AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
    // Written ahead, then the crash kept the file at BEFORE.
    log.append(
        List.of(
            new AuditLog.Entry(
                Instant.EPOCH,
                "ops",
                "set-weights",
                "orders",
                AuditLogTest.BEFORE,
                AuditLogTest.AFTER)));
    Map<String, Alias> inForce = Map.of("orders", AuditLogTest.BEFORE);
    List<AuditLog.Entry> entries = RoutingFiles.reconcile(inForce, log, Instant.EPOCH);
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).actor()).isEqualTo(RoutingFiles.RECONCILER);
    assertThat(entries.get(0).action()).isEqualTo(RoutingFiles.RECONCILE);
    assertThat(AliasJson.parse(log.lastStates().get("orders"))).isEqualTo(AuditLogTest.BEFORE);
    assertThat(RoutingFiles.reconcile(inForce, log, Instant.EPOCH))
        .as("once reconciled, nothing more to say")
        .isEmpty();
  }

  @Test
  void aliasTheLogNeverMentioned_startsItsHistoryWithoutAnEntry() throws Exception {
    AuditLog log = new AuditLog(dir.resolve("audit.jsonl"));
    assertThat(RoutingFiles.reconcile(Map.of("orders", AuditLogTest.AFTER), log, Instant.EPOCH))
        .isEmpty();
  }
}
