package dev.keyshift.bench.jmh;

import dev.keyshift.routing.Algorithm;
import dev.keyshift.routing.Alias;
import dev.keyshift.routing.KeyVersion;
import dev.keyshift.routing.VersionState;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Choosing the version of a wrap mid-cutover (three versions, 0/30/70): sticky by routing key (a
 * SHA-256 of the key) and random.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectionBench {
  private final Alias alias =
      new Alias(
          "orders",
          true,
          null,
          List.of(
              version("v1", 0, VersionState.ENABLED),
              version("v2", 30, VersionState.ENABLED),
              version("v3", 70, VersionState.ENABLED)));
  private final String routingKey = "tenant-0042/orders/2026-11";

  @Benchmark
  public KeyVersion sticky() {
    return alias.select(routingKey, ThreadLocalRandom.current());
  }

  @Benchmark
  public KeyVersion random() {
    return alias.select(null, ThreadLocalRandom.current());
  }

  private static KeyVersion version(String id, int weight, VersionState state) {
    return new KeyVersion(id, "local", "key-" + id, Algorithm.A256KW, weight, state);
  }
}
