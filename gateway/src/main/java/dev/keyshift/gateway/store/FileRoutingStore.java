package dev.keyshift.gateway.store;

import dev.keyshift.gateway.backend.Backends;
import dev.keyshift.gateway.config.ConfigException;
import dev.keyshift.gateway.config.ConfigLoader;
import dev.keyshift.gateway.failure.ErrorCode;
import dev.keyshift.gateway.failure.GatewayFailure;
import dev.keyshift.metrics.KeyshiftMetrics;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.Cutover;
import dev.keyshift.routing.InvalidRoutingException;
import dev.keyshift.routing.RoutingSnapshot;
import dev.keyshift.routing.file.FileFormatException;
import dev.keyshift.routing.file.RoutingFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file store: one gateway's routing in a YAML file beside its audit log. Requests read the
 * routing in force lock-free. Changes, from the admin API or a hand edit of the file, run one at a
 * time: validated whole, keys prepared, written ahead to the audit log (fsync), then to the file
 * (temp file, fsync, atomic rename), and only then swapped in and acknowledged ({@link
 * RoutingFiles}). An admin write applies a pending hand edit first and never overwrites a refused
 * one.
 */
public final class FileRoutingStore implements RoutingStore {
  /** How often the file is checked for hand edits (and ConfigMap symlink swaps). */
  public static final Duration WATCH_INTERVAL = Duration.ofMillis(500);

  private static final Logger LOG = LoggerFactory.getLogger(FileRoutingStore.class);

  private final Vertx vertx;
  private final Path file;
  private final AuditLog audit;
  private final Backends backends;
  private final KeyshiftMetrics metrics;
  private final Clock clock;
  private final RoutingRule rule;
  private final WorkerExecutor io;
  private final AtomicReference<RoutingSnapshot> current = new AtomicReference<>();

  /** The file's text as last read or written here; a different text is a hand edit. */
  private volatile String knownText;

  /** Whether the file holds a hand edit that was refused: admin writes must not overwrite it. */
  private volatile boolean handEditRefused;

  private final ChangeQueue queue = new ChangeQueue();

  private final AtomicBoolean polling = new AtomicBoolean();
  private long watchTimer = -1;

  private FileRoutingStore(
      Vertx vertx,
      Path file,
      AuditLog audit,
      Backends backends,
      KeyshiftMetrics metrics,
      Clock clock,
      RoutingRule rule) {
    this.vertx = vertx;
    this.rule = rule;
    this.file = file;
    this.audit = audit;
    this.backends = backends;
    this.metrics = metrics;
    this.clock = clock;
    this.io = vertx.createSharedWorkerExecutor("keyshift-routing-io", 1);
  }

  /**
   * Reads, validates and prepares the routing file; fails with a {@link ConfigException}.
   *
   * @param rule what the configuration adds to the routing invariants
   */
  public static Future<FileRoutingStore> open(
      Vertx vertx,
      Path file,
      AuditLog audit,
      Backends backends,
      KeyshiftMetrics metrics,
      Clock clock,
      RoutingRule rule) {
    FileRoutingStore store =
        new FileRoutingStore(vertx, file, audit, backends, metrics, clock, rule);
    return store
        .io
        .executeBlocking(
            () -> {
              RoutingFiles.removeLeftovers(file);
              return ConfigLoader.readText(file);
            },
            false)
        .compose(
            text -> {
              RoutingSnapshot snapshot = read(file, text, backends.names());
              checkRule(file, rule, snapshot);
              return backends
                  .prepare(snapshot)
                  .compose(prepared -> store.reconcileAudit(snapshot))
                  .map(reconciled -> store.install(snapshot, text));
            })
        .onFailure(failure -> store.io.close());
  }

  private Future<Void> reconcileAudit(RoutingSnapshot snapshot) {
    return io.executeBlocking(() -> RoutingFiles.reconcile(snapshot.aliases(), audit, now()), false)
        .onSuccess(
            entries ->
                entries.forEach(
                    entry ->
                        LOG.warn(
                            "alias {} at start differs from its last audit entry; audited as {}",
                            entry.alias(),
                            RoutingFiles.RECONCILE)))
        .mapEmpty();
  }

  @Override
  public RoutingSnapshot get() {
    return current.get();
  }

  @Override
  public Future<List<JsonObject>> audit(int limit, Instant since) {
    return io.executeBlocking(() -> audit.read(limit, since), false);
  }

  @Override
  public StoreHealth health() {
    return StoreHealth.FILE;
  }

  @Override
  public Future<Alias> change(
      String aliasName, String ifMatch, String actor, String action, UnaryOperator<Alias> edit) {
    return queue.then(
        () ->
            applyHandEditFirst()
                .compose(applied -> changeNow(aliasName, ifMatch, actor, action, edit)));
  }

  private Future<Alias> changeNow(
      String aliasName, String ifMatch, String actor, String action, UnaryOperator<Alias> edit) {
    AliasChange change =
        AliasChange.of(current.get(), aliasName, ifMatch, actor, action, edit, now(), rule);
    return change
        .prepared(backends)
        .compose(
            ready ->
                persist(ready.after(), List.of(ready.entry())).map(persisted -> ready.changed()));
  }

  /**
   * An admin write rewrites the file from memory, so a hand edit not yet picked up by the poll is
   * applied first; one that is invalid (and so kept from force) makes the write a CONFLICT rather
   * than silently overwriting it.
   */
  private Future<Void> applyHandEditFirst() {
    return io.executeBlocking(() -> ConfigLoader.readText(file), false)
        .compose(text -> text.equals(knownText) ? Future.succeededFuture() : applyEdit(text))
        .compose(
            applied ->
                handEditRefused
                    ? Future.failedFuture(
                        GatewayFailure.of(
                            ErrorCode.CONFLICT,
                            file.getFileName()
                                + " holds a hand edit that was refused (see the gateway log):"
                                + " fix or revert it before changing routing here"))
                    : Future.succeededFuture());
  }

  /**
   * Applies the file's content if someone else changed it; refuses (and keeps serving) if invalid.
   */
  public Future<Void> reloadIfEdited() {
    return queue.then(
        () ->
            io.executeBlocking(() -> ConfigLoader.readText(file), false)
                .compose(
                    text ->
                        text.equals(knownText) ? Future.<Void>succeededFuture() : applyEdit(text)));
  }

  /**
   * Polls the file for hand edits. Polling rather than a file watch: it sees a Kubernetes ConfigMap
   * swapping the file through a symlink, which inotify-based watches miss.
   */
  public void watch(Duration interval) {
    watchTimer =
        vertx.setPeriodic(
            interval.toMillis(),
            id -> {
              if (polling.compareAndSet(false, true)) {
                reloadIfEdited().onComplete(done -> polling.set(false));
              }
            });
  }

  /** Stops watching and the store's I/O thread. */
  @Override
  public void close() {
    if (watchTimer >= 0) {
      vertx.cancelTimer(watchTimer);
    }
    io.close();
  }

  private Future<Void> applyEdit(String text) {
    RoutingSnapshot before = current.get();
    RoutingSnapshot after;
    try {
      after =
          pausePlans(
              before,
              read(file, text, backends.names())
                  .validateChangeFrom(before)
                  .withRevisionsAfter(before));
      rule.check(after);
    } catch (ConfigException e) {
      return refuse(text, e.getMessage());
    } catch (InvalidRoutingException e) {
      return refuse(text, file + ": aliases: " + e.getMessage());
    }
    List<AuditLog.Entry> entries = new ArrayList<>();
    after
        .aliases()
        .forEach(
            (name, alias) -> {
              Alias old = before.aliases().get(name);
              if (old == null || !old.sameRoutingAs(alias)) {
                entries.add(new AuditLog.Entry(now(), "file", "reload", name, old, alias));
              }
            });
    return backends
        .prepare(before, after)
        .compose(
            prepared ->
                io.executeBlocking(
                    () -> {
                      audit.append(entries);
                      return null;
                    },
                    false))
        .map(appended -> install(after, text))
        .<Void>mapEmpty()
        .recover(failure -> refuse(text, file + ": " + failure.getMessage()));
  }

  /** A hand edit moving traffic under a running plan pauses it, as an admin change would. */
  private static RoutingSnapshot pausePlans(RoutingSnapshot before, RoutingSnapshot after) {
    RoutingSnapshot paused = after;
    for (Alias alias : after.aliases().values()) {
      Alias old = before.aliases().get(alias.name());
      if (old != null) {
        paused = paused.with(Cutover.afterChange(old, alias, "file"));
      }
    }
    return paused;
  }

  private Future<Void> refuse(String text, String reason) {
    // Remember the refused text, so the same bad edit is reported once, not on every poll.
    knownText = text;
    handEditRefused = true;
    metrics.routingReloadFailed();
    LOG.error("routing edit refused, the last good routing keeps serving: {}", reason);
    return Future.succeededFuture();
  }

  private Future<Void> persist(RoutingSnapshot after, List<AuditLog.Entry> entries) {
    String text = RoutingFile.write(after);
    return io.executeBlocking(
            () -> {
              RoutingFiles.write(file, text, audit, entries);
              return null;
            },
            false)
        .recover(
            e ->
                Future.failedFuture(
                    StoreHealth.unavailable("the routing store cannot be written", e)))
        .map(written -> install(after, text))
        .mapEmpty();
  }

  private FileRoutingStore install(RoutingSnapshot snapshot, String text) {
    knownText = text;
    handEditRefused = false;
    current.set(snapshot);
    AliasChange.publish(metrics, snapshot);
    return this;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static void checkRule(Path file, RoutingRule rule, RoutingSnapshot snapshot) {
    try {
      rule.check(snapshot);
    } catch (InvalidRoutingException e) {
      throw new ConfigException(file.toString(), "aliases", e.getMessage());
    }
  }

  /**
   * Parses and validates a routing file's text.
   *
   * @throws ConfigException naming the file, the field and the problem
   */
  static RoutingSnapshot read(Path file, String text, Set<String> backends) {
    try {
      RoutingSnapshot snapshot = RoutingFile.parse(text, backends);
      if (snapshot.aliases().isEmpty()) {
        throw new ConfigException(file.toString(), "aliases", "no alias is routed");
      }
      return snapshot;
    } catch (FileFormatException e) {
      throw new ConfigException(file.toString(), e.field(), e.problem());
    } catch (InvalidRoutingException e) {
      throw new ConfigException(file.toString(), "aliases", e.getMessage());
    }
  }
}
