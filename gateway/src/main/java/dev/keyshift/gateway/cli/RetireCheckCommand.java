package dev.keyshift.gateway.cli;

import dev.keyshift.gateway.cli.rewrap.JobFailure;
import dev.keyshift.routing.retire.RetireCheck;
import dev.keyshift.routing.retire.VersionEvidence;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keyshift retire-check ALIAS VERSION}: whether the version's key can be retired. */
@Command(
    name = "retire-check",
    mixinStandardHelpOptions = true,
    description = {
      "Whether a version's key can be retired: each criterion with its evidence, and the earliest"
          + " date the backup retention allows.",
      "Exit 0: ready; 3: not ready; 2: bad usage, or the gateway could not be asked."
    })
final class RetireCheckCommand implements Callable<Integer> {
  static final int NOT_READY = 3;
  private static final Pattern SPAN = Pattern.compile("(\\d+)([dhw])");

  @Spec CommandSpec spec;

  @Mixin AdminOptions admin;

  @Parameters(index = "0", paramLabel = "ALIAS", description = "The alias")
  String alias;

  @Parameters(index = "1", paramLabel = "VERSION", description = "The version to retire")
  String version;

  @Option(
      names = "--quiet-days",
      paramLabel = "DAYS",
      defaultValue = "30",
      description = "Days without an unwrap that count as unused (default ${DEFAULT-VALUE})")
  int quietDays;

  @Option(
      names = "--backup-retention",
      defaultValue = "35d",
      paramLabel = "SPAN",
      description =
          "How long backups are kept: 35d, 12h, 5w or ISO-8601 (default ${DEFAULT-VALUE})")
  String backupRetention;

  @Override
  public Integer call() {
    if (quietDays < 0) {
      throw new JobFailure("--quiet-days must be 0 or more");
    }
    Duration retention = span(backupRetention);
    JsonObject usage;
    try {
      usage = admin.client().get("/admin/v1/aliases/" + alias + "/usage");
    } catch (CliFailure e) {
      // No evidence is no verdict: say why, with the exit code of a check that could not run.
      throw new JobFailure(e.getMessage());
    }
    JsonObject versionUsage = usage.getJsonObject("versions").getJsonObject(version);
    if (versionUsage == null) {
      throw new JobFailure(
          "alias "
              + alias
              + " has no version "
              + version
              + " (it has "
              + usage.getJsonObject("versions").fieldNames()
              + ")");
    }
    Instant now = Instant.now();
    RetireCheck.Verdict verdict =
        RetireCheck.evaluate(
            evidence(versionUsage, usage.getJsonArray("scans")),
            now,
            Duration.ofDays(quietDays),
            retention);
    print(verdict, spec.commandLine().getOut());
    return verdict.ready() ? 0 : NOT_READY;
  }

  private VersionEvidence evidence(JsonObject usage, JsonArray scans) {
    List<VersionEvidence.SourceScan> sources = new ArrayList<>();
    for (Object item : scans) {
      JsonObject scan = (JsonObject) item;
      Long blobs = scan.getJsonObject("versions").getLong(version);
      String emptySince = scan.getJsonObject("emptySince").getString(version);
      sources.add(
          new VersionEvidence.SourceScan(
              scan.getString("source"),
              Instant.parse(scan.getString("finishedAt")),
              // A scan that did not count this version says nothing of it: take it as not empty.
              blobs == null ? Long.MAX_VALUE : blobs,
              instant(emptySince)));
    }
    return new VersionEvidence(
        usage.getInteger("weight"),
        Instant.parse(usage.getString("since")),
        instant(usage.getJsonObject("wraps").getString("last")),
        instant(usage.getJsonObject("unwraps").getString("last")),
        instant(usage.getString("weightZeroSince")),
        sources);
  }

  private void print(RetireCheck.Verdict verdict, PrintWriter out) {
    if (admin.json) {
      JsonArray criteria = new JsonArray();
      verdict
          .criteria()
          .forEach(
              c ->
                  criteria.add(
                      new JsonObject()
                          .put("criterion", c.name())
                          .put("met", c.met())
                          .put("evidence", c.evidence())));
      out.println(
          new JsonObject()
              .put("alias", alias)
              .put("version", version)
              .put("ready", verdict.ready())
              .put("criteria", criteria)
              .put("earliest", verdict.earliest().map(Instant::toString).orElse(null))
              .encodePrettily());
    } else {
      out.println(
          "retire-check "
              + alias
              + " "
              + version
              + ": "
              + (verdict.ready() ? "READY" : "NOT READY"));
      Tables table = new Tables("CRITERION", "MET", "EVIDENCE");
      verdict.criteria().forEach(c -> table.row(c.name(), c.met() ? "yes" : "no", c.evidence()));
      table.print(out);
      out.println(
          "earliest retirement: "
              + verdict
                  .earliest()
                  .map(Instant::toString)
                  .orElse("unknown until every source is scanned empty"));
      if (verdict.ready()) {
        out.println(
            "next: keyshift routes set-state "
                + alias
                + " "
                + version
                + " disabled (reversible); delete the key in its vault later");
      }
    }
    out.flush();
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }

  static Duration span(String text) {
    Matcher matcher = SPAN.matcher(text.strip());
    if (matcher.matches()) {
      long n = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "w" -> Duration.ofDays(7 * n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      return Duration.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new JobFailure("--backup-retention must be like 35d, 12h, 5w or P35D, not " + text);
    }
  }
}
