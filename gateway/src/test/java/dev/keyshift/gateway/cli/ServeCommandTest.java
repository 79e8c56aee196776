package dev.keyshift.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures: a non-zero exit and one line naming file, field and problem. */
class ServeCommandTest {
  @TempDir Path dir;
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  PrintStream originalErr;

  @BeforeEach
  void captureStderr() {
    originalErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStderr() {
    System.setErr(originalErr);
  }

  @Test
  void badConfig_exitsWithOneLine() throws Exception {
    Path config = dir.resolve("keyshift.yaml");
    Files.writeString(config, "server: { port: -3 }\nrouting: { file: r.yaml }\n");
    int code = KeyshiftCommand.commandLine().execute("serve", "--config", config.toString());
    assertThat(code).isEqualTo(ServeCommand.EXIT_CONFIG);
    assertThat(stderr())
        .isEqualTo("keyshift: " + config + ": server.port: must be between 0 and 65535\n");
  }

  @Test
  void invalidRouting_exitsNamingTheRoutingFile() throws Exception {
    Files.writeString(dir.resolve("pw"), "pw");
    Files.writeString(
        dir.resolve("routing.yaml"),
        "aliases:\n  orders:\n    versions:\n      - { id: v1, backend: dev, key: k, algorithm: A256KW, weight: 0 }\n");
    Path config = dir.resolve("keyshift.yaml");
    Files.writeString(
        config,
        "server: { port: 0 }\nadmin: { port: 0 }\nbackends: { dev: { type: local, keystore: k.p12, password-file: pw, create-missing-keys: true } }\nrouting: { file: routing.yaml }\n");
    int code = KeyshiftCommand.commandLine().execute("serve", "--config", config.toString());
    assertThat(code).isEqualTo(ServeCommand.EXIT_CONFIG);
    assertThat(stderr())
        .isEqualTo(
            "keyshift: "
                + dir.resolve("routing.yaml")
                + ": aliases: alias orders: weights are all zero\n");
  }

  @Test
  void missingConfigFile_exitsNamingIt() {
    Path config = dir.resolve("absent.yaml");
    int code = KeyshiftCommand.commandLine().execute("serve", "--config", config.toString());
    assertThat(code).isEqualTo(ServeCommand.EXIT_CONFIG);
    assertThat(stderr())
        .startsWith("keyshift: " + config + ": (file): cannot be read")
        .hasLineCount(1);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
