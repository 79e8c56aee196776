package dev.keyshift.gateway.store;

import dev.keyshift.routing.Alias;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The append-only audit log of routing changes: JSON Lines, one change of one alias per line,
 * synced to disk before the change is acknowledged. A persisted format, pinned by a test:
 *
 * <pre>
 * {"time":"2026-11-28T17:00:00Z","actor":"ops","action":"set-weights","alias":"orders",
 *  "before":{...alias...},"after":{...alias...}}
 * </pre>
 *
 * {@code actor} is the admin token's name, {@code file} for a hand edit of the routing file, or
 * {@code keyshift} for start-up reconciliation; {@code action} is {@code set-weights}, {@code
 * add-version}, {@code set-state}, {@code reload} or {@code reconcile} (the routing found at start
 * differs from the alias's last entry: a change written ahead to the log that a crash kept from the
 * file, or a hand edit made while the gateway was down); {@code before} is absent when a reload
 * adds an alias. All methods do blocking I/O.
 */
public final class AuditLog {
  /** One line of the log. */
  public record Entry(
      Instant time, String actor, String action, String alias, Alias before, Alias after) {
    public JsonObject toJson() {
      JsonObject json =
          new JsonObject()
              .put("time", time.toString())
              .put("actor", actor)
              .put("action", action)
              .put("alias", alias);
      if (before != null) {
        json.put("before", AliasJson.of(before));
      }
      return json.put("after", AliasJson.of(after));
    }
  }

  private final Path file;

  public AuditLog(Path file) {
    this.file = file;
  }

  public Path file() {
    return file;
  }

  /**
   * Appends the entries and syncs them to disk. A line torn by a crash is ended first, so it cannot
   * swallow the next entry.
   */
  public synchronized void append(List<Entry> entries) throws IOException {
    if (entries.isEmpty()) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    entries.forEach(entry -> lines.append(entry.toJson().encode()).append('\n'));
    if (!Files.exists(file)) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    // Writes go at the end by position: the JDK refuses READ with APPEND, and this log has one
    // writer (this method is synchronized, and one gateway owns the file).
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long end = channel.size();
      if (endsTorn(channel, end)) {
        lines.insert(0, '\n');
      }
      ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        end += channel.write(bytes, end);
      }
      channel.force(true);
    }
  }

  /**
   * Entries newest first, at most {@code limit}, only those at or after {@code since} (null: all).
   * A line that is not JSON (a torn write from a crash) is skipped.
   */
  public synchronized List<JsonObject> read(int limit, Instant since) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<JsonObject> entries = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      JsonObject entry = parse(line);
      if (entry != null
          && (since == null || !Instant.parse(entry.getString("time")).isBefore(since))) {
        entries.add(entry);
      }
    }
    Collections.reverse(entries);
    return entries.subList(0, Math.min(limit, entries.size()));
  }

  /**
   * The state each alias was last recorded in (its newest entry's {@code after}); aliases the log
   * never mentions are absent.
   */
  public synchronized Map<String, JsonObject> lastStates() throws IOException {
    Map<String, JsonObject> states = new HashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        JsonObject entry = parse(line);
        if (entry != null && entry.getValue("after") instanceof JsonObject after) {
          states.put(entry.getString("alias"), after);
        }
      }
    }
    return states;
  }

  private static boolean endsTorn(FileChannel channel, long size) throws IOException {
    if (size == 0) {
      return false;
    }
    ByteBuffer last = ByteBuffer.allocate(1);
    channel.read(last, size - 1);
    return last.get(0) != '\n';
  }

  private static JsonObject parse(String line) {
    try {
      return line.isBlank() ? null : new JsonObject(line);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
