package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a line the way a user pasting it into bash would. */
public final class Shell {
  private Shell() {}

  /** The line's output; fails the test unless it exits 0 within 30 s. */
  public static String run(String line, Path dir) throws Exception {
    Process process =
        new ProcessBuilder("bash", "-c", line)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
