package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code java -jar keyshift.jar ...} in a child process, with its output lines collected. */
final class ForkedGateway implements AutoCloseable {
  final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private ForkedGateway(Process process) {
    this.process = process;
    pump(process.getInputStream());
    pump(process.getErrorStream());
  }

  static ForkedGateway start(Path workingDir, String... args) throws IOException {
    return start(workingDir, List.of(), args);
  }

  /** With JVM options before {@code -jar} (system properties, say). */
  static ForkedGateway start(Path workingDir, List<String> jvmOptions, String... args)
      throws IOException {
    String jar = System.getProperty("keyshift.jar");
    assertThat(jar).as("failsafe passes the jar's path in keyshift.jar").isNotNull();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar));
    command.addAll(List.of(args));
    return new ForkedGateway(new ProcessBuilder(command).directory(workingDir.toFile()).start());
  }

  /**
   * Sends SIGTERM. {@link Process#destroy()} would send it too, but also closes our ends of the
   * child's output, which the tests still read.
   */
  void sigterm() {
    assertThat(process.toHandle().destroy()).isTrue();
  }

  static final Pattern SERVING =
      Pattern.compile(
          ".*keyshift serving on https?://127\\.0\\.0\\.1:(\\d+) \\(admin http://127\\.0\\.0\\.1:(\\d+)\\).*");

  /** The data-plane and admin ports, once the gateway says it is serving. */
  int[] servingPorts() throws InterruptedException {
    Matcher serving =
        SERVING.matcher(
            awaitLine(line -> SERVING.matcher(line).matches(), Duration.ofSeconds(120)));
    assertThat(serving.matches()).isTrue();
    return new int[] {Integer.parseInt(serving.group(1)), Integer.parseInt(serving.group(2))};
  }

  /** The first output line matching, waiting up to {@code timeout}. */
  String awaitLine(Predicate<String> matching, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.add(line);
        if (matching.test(line)) {
          return line;
        }
      }
    }
    throw new AssertionError("no matching line within " + timeout + "; output so far: " + output());
  }

  String output() {
    List<String> all = new ArrayList<>(seen);
    lines.drainTo(all);
    seen.clear();
    seen.addAll(all);
    return String.join("\n", all);
  }

  private void pump(java.io.InputStream stream) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("(output closed: " + e + ")");
              }
            });
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
