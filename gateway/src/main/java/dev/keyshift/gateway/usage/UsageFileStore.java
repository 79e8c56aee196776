package dev.keyshift.gateway.usage;

import dev.keyshift.gateway.config.ConfigException;
import dev.keyshift.gateway.config.SecretFiles;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.RoutingSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage in {@code usage.json} beside the routing file ({@link UsageFile}), rewritten atomically on
 * every change. The contents are touched only on this store's one I/O thread, so they need no lock.
 */
public final class UsageFileStore implements UsageStore {
  /** The usage file's name beside the routing file. */
  public static final String FILE_NAME = "usage.json";

  private final Path file;
  private final WorkerExecutor io;
  private UsageFile.Contents persisted;
  private String written;

  private UsageFileStore(Vertx vertx, Path file) {
    this.file = file;
    this.io = vertx.createSharedWorkerExecutor("keyshift-usage-io", 1);
  }

  /**
   * Reads {@code file} (absent: nothing counted yet). A file that cannot be read fails with a
   * {@link ConfigException}: counting afresh over it would hide past use.
   */
  public static Future<UsageFileStore> open(Vertx vertx, Path file) {
    UsageFileStore store = new UsageFileStore(vertx, file);
    return store
        .io
        .executeBlocking(
            () -> {
              store.load();
              return store;
            },
            true)
        .onFailure(failure -> store.io.close());
  }

  @Override
  public Future<Void> add(List<UsageDelta> counted, RoutingSnapshot routing, Instant now) {
    return io.executeBlocking(
        () -> {
          noteWeights(routing, now);
          for (UsageDelta delta : counted) {
            Map<String, VersionUsage> known =
                persisted.versions().computeIfAbsent(delta.alias(), a -> new TreeMap<>());
            VersionUsage usage =
                known.computeIfAbsent(delta.version(), v -> VersionUsage.startingAt(now));
            known.put(delta.version(), delta.addTo(usage));
          }
          persist();
          return null;
        },
        true);
  }

  @Override
  public Future<Map<String, VersionUsage>> versions(String alias) {
    return io.executeBlocking(
        () -> Map.copyOf(persisted.versions().getOrDefault(alias, Map.of())), true);
  }

  @Override
  public Future<Map<String, Scan>> scans(String alias) {
    return io.executeBlocking(
        () -> Map.copyOf(persisted.scans().getOrDefault(alias, Map.of())), true);
  }

  @Override
  public Future<Scan> report(String alias, Scan scan) {
    return io.executeBlocking(
        () -> {
          Map<String, Scan> scans = persisted.scans().computeIfAbsent(alias, a -> new TreeMap<>());
          Scan recorded = scan.reportedAfter(scans.get(scan.source()));
          scans.put(scan.source(), recorded);
          persist();
          return recorded;
        },
        true);
  }

  @Override
  public void close() {
    io.close();
  }

  private void load() throws IOException {
    if (!Files.exists(file)) {
      persisted = UsageFile.Contents.empty();
      return;
    }
    try {
      persisted = UsageFile.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          file.toString(),
          "usage",
          e.getMessage()
              + " (usage is the evidence for retiring keys: restore the file, or move it away to"
              + " count afresh)");
    }
  }

  /** Starts versions seen for the first time and notes those that lost or regained weight. */
  private void noteWeights(RoutingSnapshot routing, Instant now) {
    for (Alias alias : routing.aliases().values()) {
      Map<String, VersionUsage> versions =
          persisted.versions().computeIfAbsent(alias.name(), a -> new TreeMap<>());
      for (KeyVersion version : alias.versions()) {
        VersionUsage usage =
            versions.computeIfAbsent(version.id(), id -> VersionUsage.startingAt(now));
        versions.put(version.id(), usage.withWeight(version.weight(), now));
      }
    }
  }

  private void persist() throws IOException {
    String text = UsageFile.format(persisted);
    if (!text.equals(written)) {
      SecretFiles.writeAtomically(file, text);
      written = text;
    }
  }
}
