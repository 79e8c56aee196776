package dev.keyshift.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keyshift.gateway.backend.providers.BackendProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of {@code keyshift.yaml} as {@code keyshift serve} loads it: the only
 * failure is a {@link ConfigException} naming the file (which start-up prints as one line, exit
 * code 2), never another exception.
 */
class ConfigFileFuzzTest {
  private static final Path FILE;

  static {
    try {
      Path dir = Files.createTempDirectory("config-fuzz");
      dir.toFile().deleteOnExit();
      FILE = dir.resolve("keyshift.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void configFile(FuzzedDataProvider data) throws IOException {
    Files.write(FILE, data.consumeRemainingAsBytes());
    try {
      GatewayConfig config = ConfigLoader.load(FILE, BackendProviders.types());
      assertThat(config.routingFile() != null || config.postgres() != null).isTrue();
    } catch (ConfigException problem) {
      assertThat(problem.getMessage()).contains(FILE.toString());
    }
  }
}
