package dev.keyshift.bench.jmh;

import dev.keyshift.routing.Envelope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The {@code ks1:} envelope on every wrap (format) and unwrap (parse): a 40-byte AES-KW payload of
 * a 32-byte DEK, the common case.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnvelopeBench {
  private Envelope envelope;
  private String text;

  @Setup
  public void setUp() {
    byte[] payload = new byte[40];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31 + 7);
    }
    envelope = new Envelope("orders", "v2", payload);
    text = envelope.format();
  }

  @Benchmark
  public String format() {
    return envelope.format();
  }

  @Benchmark
  public Envelope parse() {
    return Envelope.parse(text);
  }
}
