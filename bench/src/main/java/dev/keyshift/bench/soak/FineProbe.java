package dev.keyshift.bench.soak;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One line a second into {@code fine.csv}, to find what sets off a burst of failures the 10 s
 * samples only show the end of: the gateway's vault calls, their mean latency and the calls it
 * refused (from its metrics), its vault connections, and the CPU each process used.
 */
final class FineProbe implements AutoCloseable {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final URI metrics;
  private final String vaultUrl;
  private final BufferedWriter out;
  private final LongSupplier answered;
  private final LongSupplier failed;
  private double[] last = new double[7];

  FineProbe(Path file, int adminPort, String vaultUrl, LongSupplier answered, LongSupplier failed)
      throws IOException {
    this.metrics = URI.create("http://127.0.0.1:" + adminPort + "/metrics");
    this.vaultUrl = vaultUrl;
    this.answered = answered;
    this.failed = failed;
    this.out = Files.newBufferedWriter(file);
    out.write(
        "second,answers,failures,vault_calls,vault_mean_ms,vault_refused,vault_connections,"
            + "gateway_cpu_ms,harness_cpu_ms\n");
  }

  /** Takes one reading; a second in which the gateway does not answer (restarting) has no row. */
  void sample(double second, long gatewayPid) {
    double[] now = new double[7];
    now[0] = answered.getAsLong();
    now[1] = failed.getAsLong();
    try {
      String text =
          http.send(
                  HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      now[2] = sum(text, "keyshift_backend_duration_seconds_count");
      now[3] = sum(text, "keyshift_backend_duration_seconds_sum");
      now[4] = sum(text, "keyshift_backend_refused_total");
      now[5] = cpuMillis(gatewayPid);
      now[6] = cpuMillis(ProcessHandle.current().pid());
      double calls = now[2] - last[2];
      write(
          second,
          now[0] - last[0],
          now[1] - last[1],
          calls,
          calls > 0 ? (now[3] - last[3]) * 1000 / calls : 0,
          now[4] - last[4],
          vaultConnections(vaultUrl),
          now[5] - last[5],
          now[6] - last[6]);
      last = now;
    } catch (IOException | RuntimeException e) {
      last = now;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void write(double second, double... values) throws IOException {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%.1f", second));
    for (double value : values) {
      line.append(',').append(String.format(Locale.ROOT, "%.2f", value));
    }
    out.write(line.append('\n').toString());
    out.flush();
  }

  private static double sum(String text, String name) {
    double total = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(name) && line.contains("backend=\"vault\"")) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  /** Established connections to the vault at {@code url} (its port), from any process. */
  static long vaultConnections(String url) throws IOException, InterruptedException {
    String vaultPort = url.replaceAll(".*:(\\d+).*", "$1");
    Process ss = new ProcessBuilder("ss", "-tnH", "state", "established").start();
    String text = new String(ss.getInputStream().readAllBytes());
    ss.waitFor();
    return text.lines().filter(l -> l.trim().split("\\s+")[3].endsWith(":" + vaultPort)).count();
  }

  private static double cpuMillis(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
