package dev.keyshift.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the raw outputs of {@code bench/run-all.sh} into the generated part of docs/PERFORMANCE.md:
 * the figures against the goals, then each harness's table. Only the text between {@link
 * #BEGIN} and {@link #END} is replaced; the analysis around it is written by hand. Usage: {@code
 * PerformanceReport RESULTS_DIR PERFORMANCE_MD COMMAND}.
 */
public final class PerformanceReport {
  static final String BEGIN = "<!-- bench/run-all.sh writes from here -->";
  static final String END = "<!-- bench/run-all.sh writes up to here -->";

  private PerformanceReport() {}

  public static void main(String[] args) throws IOException {
    Path results = Path.of(args[0]);
    Path document = Path.of(args[1]);
    Map<String, List<String>> outputs = new LinkedHashMap<>();
    for (String name :
        List.of(
            "load",
            "slow",
            "vault",
            "profile",
            "vertx-meters",
            "jmh",
            "backends",
            "hop",
            "machine")) {
      Path file = results.resolve(name + ".txt");
      outputs.put(name, Files.exists(file) ? Files.readAllLines(file) : List.of());
    }
    String block = render(outputs, args[2]);
    Files.writeString(document, splice(Files.readString(document), block));
  }

  /** The document with the generated block replaced (or appended when it has none yet). */
  static String splice(String document, String block) {
    int begin = document.indexOf(BEGIN);
    int end = document.indexOf(END);
    if (begin < 0 || end < begin) {
      return document + "\n" + BEGIN + "\n" + block + END + "\n";
    }
    return document.substring(0, begin + BEGIN.length()) + "\n" + block + document.substring(end);
  }

  static String render(Map<String, List<String>> outputs, String command) {
    Results load = new Results(outputs.get("load"));
    Results slow = new Results(outputs.get("slow"));
    StringBuilder md = new StringBuilder();
    md.append("Command: `").append(command).append("`\n\n");
    outputs.get("machine").forEach(line -> md.append(line).append("  \n"));
    md.append("\n### Against the goals\n\n");
    md.append(Goals.table(load, slow));
    md.append("\n### Load: wrk, keep-alive, median of interleaved rounds\n\n");
    md.append(LoadTables.throughput(load));
    md.append("\n### Latency at half of peak (wrk paced, 64 connections)\n\n");
    md.append(LoadTables.latency(load));
    md.append("\n### Slow backend (50 ms), closed loop\n\n");
    md.append(LoadTables.slow(slow));
    md.append("\n### CPU per vault call, per Azure transport (bench/vault-transport.sh)\n\n");
    md.append(raw(outputs.getOrDefault("vault", List.of())));
    md.append("\n### Where a wrap's CPU goes: wrap at 64 connections (bench/profile.sh)\n\n");
    md.append(raw(outputs.getOrDefault("profile", List.of())));
    md.append("\n### Vert.x's own meters on and off, interleaved (bench/vertx-meters-ab.sh)\n\n");
    md.append(raw(outputs.getOrDefault("vertx-meters", List.of())));
    md.append("\n### JMH\n\n");
    md.append(jmh(outputs.get("jmh")));
    md.append("\n### Backends, wrap and unwrap ops/s (bench/backend-throughput.sh)\n\n");
    md.append(raw(outputs.get("backends")));
    md.append("\n### Worker-pool hop (WorkerHopCost)\n\n");
    md.append(raw(outputs.get("hop")));
    md.append('\n');
    return md.toString();
  }

  private static String jmh(List<String> lines) {
    StringBuilder md = new StringBuilder("| benchmark | param | score | error | unit |\n");
    md.append("| --- | --- | ---: | ---: | --- |\n");
    boolean table = false;
    for (String line : lines) {
      if (line.startsWith("Benchmark ")) {
        table = true;
        continue;
      }
      String[] cells = line.trim().split("\\s+");
      if (table && cells.length >= 7 && cells[0].contains(".")) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s |%n",
                cells[0],
                cells[1],
                cells[4],
                cells[6],
                cells[cells.length - 1]));
      }
    }
    return md.toString();
  }

  /** What a section says when its harness produced nothing in the run. */
  static final String NO_OUTPUT =
      "This harness produced no output in the run that wrote this page.";

  private static String raw(List<String> lines) {
    List<String> kept = new ArrayList<>();
    for (String line : lines) {
      String plain = Results.plain(line);
      if (!plain.startsWith("[") && !plain.isBlank()) {
        kept.add(plain);
      }
    }
    return kept.isEmpty() ? NO_OUTPUT + "\n" : "```\n" + String.join("\n", kept) + "\n```\n";
  }
}
