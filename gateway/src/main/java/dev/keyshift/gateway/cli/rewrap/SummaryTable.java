package dev.keyshift.gateway.cli.rewrap;

import java.io.PrintWriter;
import java.util.TreeSet;

/** The summary as an operator reads it at the end of a run. */
final class SummaryTable {
  /** What a dry run can tell; it moves nothing, so the other counts are all 0. */
  private static final java.util.Set<Outcome.Kind> DRY_RUN_KINDS =
      java.util.EnumSet.of(Outcome.Kind.SEEN, Outcome.Kind.INVALID, Outcome.Kind.EMPTY);

  private SummaryTable() {}

  static void print(String alias, String source, boolean dryRun, Summary summary, PrintWriter out) {
    out.println((dryRun ? "dry run: nothing changed; " : "") + "alias " + alias + ", " + source);
    out.printf("  %-16s %,12d%n", "rows scanned", summary.scanned());
    for (Outcome.Kind kind : Outcome.Kind.values()) {
      if (dryRun ? DRY_RUN_KINDS.contains(kind) : kind != Outcome.Kind.SEEN) {
        out.printf("  %-16s %,12d%n", kind.label, summary.count(kind));
      }
    }
    TreeSet<String> versions = new TreeSet<>(summary.found().keySet());
    versions.addAll(summary.left().keySet());
    if (!versions.isEmpty()) {
      out.println(
          dryRun
              ? String.format("  %-16s %12s", "version", "found")
              : String.format("  %-16s %12s %12s", "version", "found", "left"));
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
