package dev.keyshift.gateway.cli;

import dev.keyshift.gateway.cli.rewrap.JobFailure;
import dev.keyshift.routing.retire.RetireCheck;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
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
    try {
      RetireCheck.parseSpan(backupRetention);
    } catch (IllegalArgumentException e) {
      throw new JobFailure(
          "--backup-retention must be like 35d, 12h, 5w or P35D, not " + backupRetention);
    }
    JsonObject verdict;
    try {
      verdict =
          admin
              .client()
              .get(
                  "/admin/v1/aliases/"
                      + encode(alias)
                      + "/versions/"
                      + encode(version)
                      + "/retire-check?quietDays="
                      + quietDays
                      + "&backupRetention="
                      + encode(backupRetention));
    } catch (CliFailure e) {
      // No evidence is no verdict: say why, with the exit code of a check that could not run.
      throw new JobFailure(e.getMessage());
    }
    print(verdict, spec.commandLine().getOut());
    return verdict.getBoolean("ready") ? 0 : NOT_READY;
  }

  private void print(JsonObject verdict, PrintWriter out) {
    if (admin.json) {
      out.println(verdict.encodePrettily());
    } else {
      boolean ready = verdict.getBoolean("ready");
      out.println("retire-check " + alias + " " + version + ": " + (ready ? "READY" : "NOT READY"));
      Tables table = new Tables("CRITERION", "MET", "EVIDENCE");
      for (Object item : verdict.getJsonArray("criteria")) {
        JsonObject c = (JsonObject) item;
        table.row(
            c.getString("criterion"), c.getBoolean("met") ? "yes" : "no", c.getString("evidence"));
      }
      table.print(out);
      out.println(
          "earliest retirement: "
              + verdict.getString("earliest", "unknown until every source is scanned empty"));
      if (ready) {
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

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
