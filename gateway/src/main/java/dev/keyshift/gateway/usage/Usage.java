package dev.keyshift.gateway.usage;

import dev.keyshift.gateway.config.ConfigException;
import dev.keyshift.gateway.config.SecretFiles;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-version usage, persisted so that it survives restarts: what a retire decision rests on.
 * Requests count into memory without locks; every {@link #FLUSH_INTERVAL} (and on {@link #close})
 * the counts are added to the file. Scans are written before they are acknowledged.
 *
 * <p>The persisted state is touched only on this ledger's one I/O thread, so it needs no lock.
 */
public final class Usage {
  public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(5);

  /** The usage file's name beside the routing file. */
  public static final String FILE_NAME = "usage.json";

  private static final Logger LOG = LoggerFactory.getLogger(Usage.class);

  private final Vertx vertx;
  private final Path file;
  private final Supplier<RoutingSnapshot> routing;
  private final Clock clock;
  private final WorkerExecutor io;
  private final Map<String, Map<String, Pending>> pending = new ConcurrentHashMap<>();
  private UsageFile.Contents persisted;
  private String written;
  private long timer = -1;

  private Usage(Vertx vertx, Path file, Supplier<RoutingSnapshot> routing, Clock clock) {
    this.vertx = vertx;
    this.file = file;
    this.routing = routing;
    this.clock = clock;
    this.io = vertx.createSharedWorkerExecutor("keyshift-usage-io", 1);
  }

  /**
   * Reads {@code file} (absent: nothing counted yet) and starts flushing. A file that cannot be
   * read fails with a {@link ConfigException}: counting afresh over it would hide past use.
   */
  public static Future<Usage> open(
      Vertx vertx, Path file, Supplier<RoutingSnapshot> routing, Clock clock) {
    Usage usage = new Usage(vertx, file, routing, clock);
    return usage
        .io
        .executeBlocking(
            () -> {
              usage.load();
              // Versions seen for the first time are counted from now, before any request.
              usage.absorb();
              usage.persist();
              return usage;
            },
            true)
        .onSuccess(Usage::startFlushing)
        .onFailure(failure -> usage.io.close());
  }

  /** A blob was made on {@code version}. */
  public void wrapped(String alias, String version) {
    pendingOf(alias, version).wrapped(clock.millis());
  }

  /** An application read a blob on {@code version}. */
  public void unwrapped(String alias, String version) {
    pendingOf(alias, version).unwrapped(clock.millis());
  }

  /** Each version's usage, counts not yet flushed included. */
  public Future<Map<String, VersionUsage>> versions(String alias) {
    return io.executeBlocking(
        () -> {
          absorb();
          return Map.copyOf(persisted.versions().getOrDefault(alias, Map.of()));
        },
        true);
  }

  /** The latest scan of each source that reported one for {@code alias}. */
  public Future<Map<String, Scan>> scans(String alias) {
    return io.executeBlocking(
        () -> Map.copyOf(persisted.scans().getOrDefault(alias, Map.of())), true);
  }

  /**
   * Records a finished scan once it is on disk. A scan that ended before the latest one already
   * reported for its source is a {@code CONFLICT}: the newer evidence stands.
   */
  public Future<Scan> report(String alias, Scan scan) {
    return io.executeBlocking(
        () -> {
          Map<String, Scan> scans = persisted.scans().computeIfAbsent(alias, a -> new TreeMap<>());
          Scan previous = scans.get(scan.source());
          if (previous != null && scan.finishedAt().isBefore(previous.finishedAt())) {
            throw GatewayFailure.of(
                ErrorCode.CONFLICT,
                "source "
                    + scan.source()
                    + " already reported a scan that finished later ("
                    + previous.finishedAt()
                    + ")");
          }
          Scan recorded = scan.after(previous);
          scans.put(scan.source(), recorded);
          absorb();
          persist();
          return recorded;
        },
        true);
  }

  /** Adds what was counted since the last flush to the file. */
  public Future<Void> flush() {
    return io.executeBlocking(
        () -> {
          absorb();
          persist();
          return null;
        },
        true);
  }

  /** Stops the timer and flushes once more. */
  public Future<Void> close() {
    vertx.cancelTimer(timer);
    return flush()
        .onFailure(
            failure -> LOG.warn("usage could not be flushed at shutdown: {}", failure.getMessage()))
        .eventually(io::close);
  }

  private void startFlushing() {
    timer =
        vertx.setPeriodic(
            FLUSH_INTERVAL.toMillis(),
            id ->
                flush()
                    .onFailure(
                        failure ->
                            LOG.warn(
                                "usage not flushed to {} (kept in memory, retried): {}",
                                file,
                                failure.getMessage())));
  }

  private Pending pendingOf(String alias, String version) {
    Map<String, Pending> versions = pending.get(alias);
    if (versions == null) {
      versions = pending.computeIfAbsent(alias, a -> new ConcurrentHashMap<>());
    }
    Pending counts = versions.get(version);
    return counts != null ? counts : versions.computeIfAbsent(version, v -> new Pending());
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

  /** Moves pending counts into the persisted state and notes versions that lost their weight. */
  private void absorb() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    RoutingSnapshot snapshot = routing.get();
    for (Alias alias : snapshot.aliases().values()) {
      Map<String, VersionUsage> versions =
          persisted.versions().computeIfAbsent(alias.name(), a -> new TreeMap<>());
      for (KeyVersion version : alias.versions()) {
        VersionUsage usage =
            versions.computeIfAbsent(version.id(), id -> VersionUsage.startingAt(now));
        if (version.weight() > 0) {
          usage = usage.withWeightZeroSince(null);
        } else if (usage.weightZeroSince() == null) {
          usage = usage.withWeightZeroSince(now);
        }
        versions.put(version.id(), usage);
      }
    }
    pending.forEach(
        (alias, versions) ->
            versions.forEach(
                (id, counts) -> {
                  Map<String, VersionUsage> known =
                      persisted.versions().computeIfAbsent(alias, a -> new TreeMap<>());
                  VersionUsage usage = known.computeIfAbsent(id, v -> VersionUsage.startingAt(now));
                  known.put(id, counts.drainInto(usage));
                }));
  }

  private void persist() throws IOException {
    String text = UsageFile.format(persisted);
    if (!text.equals(written)) {
      SecretFiles.writeAtomically(file, text);
      written = text;
    }
  }

  /** Counts since the last flush. */
  private static final class Pending {
    private final LongAdder wraps = new LongAdder();
    private final LongAdder unwraps = new LongAdder();
    private final LongAccumulator lastWrap = new LongAccumulator(Math::max, 0);
    private final LongAccumulator lastUnwrap = new LongAccumulator(Math::max, 0);

    void wrapped(long millis) {
      wraps.increment();
      lastWrap.accumulate(millis);
    }

    void unwrapped(long millis) {
      unwraps.increment();
      lastUnwrap.accumulate(millis);
    }

    VersionUsage drainInto(VersionUsage usage) {
      return usage.plus(
          wraps.sumThenReset(),
          Instant.ofEpochMilli(lastWrap.get()),
          unwraps.sumThenReset(),
          Instant.ofEpochMilli(lastUnwrap.get()));
    }
  }
}
