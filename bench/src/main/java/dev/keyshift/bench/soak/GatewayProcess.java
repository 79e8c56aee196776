package dev.keyshift.bench.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar keyshift.jar serve} in a child process, stopped with SIGTERM as an orchestrator
 * does.
 */
final class GatewayProcess {
  private final Path jar;
  private final Path config;
  private final Path log;
  private final List<String> jvmOptions;
  private final int adminPort;
  private final HttpClient http = HttpClient.newHttpClient();
  private Process process;

  GatewayProcess(Path jar, Path config, Path log, List<String> jvmOptions, int adminPort) {
    this.jar = jar;
    this.config = config;
    this.log = log;
    this.jvmOptions = jvmOptions;
    this.adminPort = adminPort;
  }

  /** Starts the gateway and waits until it answers ready. */
  void start() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "serve", "--config", config.toString()));
    process =
        new ProcessBuilder(command)
            .directory(config.getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    awaitReady();
  }

  /** SIGTERM, then waits for the gateway to drain and exit. Answers its exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      return -1;
    }
    return process.exitValue();
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the gateway exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IOException("the gateway was not ready in 120 s; see " + log);
  }
}
