package dev.keyshift.gateway.cli.rewrap;

import java.io.PrintWriter;
import java.util.TreeSet;

/** The summary as an operator reads it at the end of a run. */
final class SummaryTable {
  private SummaryTable() {}

  static void print(String alias, String source, boolean dryRun, Summary summary, PrintWriter out) {
    out.println((dryRun ? "dry run: nothing changed; " : "") + "alias " + alias + ", " + source);
    out.printf("  %-16s %,12d%n", "rows scanned", summary.scanned());
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      if (kind != Outcome.Kind.SEEN || dryRun) {
        out.printf("  %-16s %,12d%n", kind.label, summary.count(kind));
      }
    }
    TreeSet<String> versions = new TreeSet<>(summary.found().keySet());
    versions.addAll(summary.left().keySet());
    if (!versions.isEmpty()) {
      out.printf("  %-16s %12s %12s%n", "version", "found", dryRun ? "" : "left");
      for (String version : versions) {
        long found = summary.found().getOrDefault(version, 0L);
        if (dryRun) {
          out.printf("  %-16s %,12d%n", version, found);
        } else {
          out.printf(
              "  %-16s %,12d %,12d%n", version, found, summary.left().getOrDefault(version, 0L));
        }
      }
    }
    if (!summary.problems().isEmpty()) {
      out.println("  first problems:");
      summary.problems().forEach(problem -> out.println("    " + problem));
    }
  }
}
