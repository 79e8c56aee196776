package dev.keyshift.bench.jmh;

import dev.keyshift.gateway.auth.TokenAuthenticator;
import dev.keyshift.gateway.config.TokenRule;
import dev.keyshift.routing.Operation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The static-token check of every request: parse the {@code Authorization} header, hash the token
 * once, compare with every configured hash in constant time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenCheckBench {
  @Param({"1", "20"})
  public int rules;

  private TokenAuthenticator authenticator;
  private String header;

  @Setup
  public void setUp() {
    List<TokenRule> configured = new ArrayList<>();
    for (int i = 0; i < rules; i++) {
      configured.add(
          new TokenRule(
              "app-" + i,
              TokenAuthenticator.sha256(token(i)),
              Set.of("*"),
              EnumSet.allOf(Operation.class),
              false));
    }
    authenticator = new TokenAuthenticator(configured);
    header = "Bearer " + token(rules - 1);
  }

  @Benchmark
  public TokenRule check() {
    return authenticator.authenticate(header);
  }

  private static String token(int i) {
    return "ks_" + Integer.toHexString(0x5eed0000 + i) + "_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0";
  }
}
