package dev.keyshift.gateway.store;

import dev.keyshift.gateway.config.SecretFiles;
import dev.keyshift.routing.Alias;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file store's crash-consistent steps; all blocking.
 *
 * <p>A change is written ahead: its audit entries are appended and synced first, then the routing
 * file is replaced atomically. Whatever step a crash stops, every routing that can be in force
 * after a restart has an audit entry: a change the crash kept from the file is recorded as reverted
 * by {@link #reconcile} at the next start.
 */
final class RoutingFiles {
  static final String RECONCILER = "keyshift";
  static final String RECONCILE = "reconcile";

  private static final Logger LOG = LoggerFactory.getLogger(RoutingFiles.class);

  private RoutingFiles() {}

  /** Audit first, then the file: the log never misses a routing the file can hold. */
  static void write(Path file, String text, AuditLog audit, List<AuditLog.Entry> entries)
      throws IOException {
    audit.append(entries);
    CrashPointsForTesting.reached(CrashPointsForTesting.AFTER_AUDIT);
    SecretFiles.writeAtomically(
        file,
        text.getBytes(StandardCharsets.UTF_8),
        () -> CrashPointsForTesting.reached(CrashPointsForTesting.AFTER_TEMP_FILE),
        () -> CrashPointsForTesting.reached(CrashPointsForTesting.AFTER_RENAME));
  }

  /** Removes the temp files a crash mid-write left beside the routing file. */
  static void removeLeftovers(Path file) throws IOException {
    for (Path temp : SecretFiles.leftoverTemps(file)) {
      Files.deleteIfExists(temp);
      LOG.info("removed {}, left by an interrupted routing write", temp.getFileName());
    }
  }

  /**
   * Audits every alias whose routing at start differs from its last audit entry (aliases the log
   * never mentions start their history here without an entry), so the log ends in the routing in
   * force.
   */
  static List<AuditLog.Entry> reconcile(Map<String, Alias> aliases, AuditLog audit, Instant now)
      throws IOException {
    Map<String, JsonObject> recorded = audit.lastStates();
    List<AuditLog.Entry> entries = new ArrayList<>();
    aliases.forEach(
        (name, alias) -> {
          JsonObject last = recorded.get(name);
          Alias before = last == null ? null : before(last);
          if (last != null && !alias.equals(before)) {
            entries.add(new AuditLog.Entry(now, RECONCILER, RECONCILE, name, before, alias));
          }
        });
    audit.append(entries);
    return entries;
  }

  private static Alias before(JsonObject recorded) {
    try {
      return AliasJson.parse(recorded);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
