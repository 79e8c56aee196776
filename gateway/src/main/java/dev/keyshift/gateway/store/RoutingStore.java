package dev.keyshift.gateway.store;

import dev.keyshift.gateway.config.ConfigException;
import dev.keyshift.gateway.config.ConfigLoader;
import dev.keyshift.routing.InvalidRoutingException;
import dev.keyshift.routing.RoutingSnapshot;
import dev.keyshift.routing.file.FileFormatException;
import dev.keyshift.routing.file.RoutingFile;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Holds the routing in force; requests read it lock-free, changes swap it whole. */
public final class RoutingStore implements Supplier<RoutingSnapshot> {
  private final Path file;
  private final AtomicReference<RoutingSnapshot> current;

  public RoutingStore(Path file, RoutingSnapshot initial) {
    this.file = file;
    this.current = new AtomicReference<>(initial);
  }

  /** The routing in force. */
  @Override
  public RoutingSnapshot get() {
    return current.get();
  }

  public Path file() {
    return file;
  }

  /**
   * Reads and validates a routing file (blocking I/O).
   *
   * @throws ConfigException naming the file, the field and the problem
   */
  public static RoutingSnapshot read(Path file, Set<String> backends) {
    String text = ConfigLoader.readText(file);
    try {
      RoutingSnapshot snapshot = RoutingFile.parse(text).validate(backends);
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
