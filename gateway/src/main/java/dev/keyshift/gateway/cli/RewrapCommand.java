package dev.keyshift.gateway.cli;

import dev.keyshift.gateway.cli.rewrap.BulkRewrap;
import dev.keyshift.gateway.cli.rewrap.JobFailure;
import dev.keyshift.gateway.config.SecretFiles;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyshift rewrap ALIAS}: moves every blob of a data source to the version routing selects.
 */
@Command(
    name = "rewrap",
    mixinStandardHelpOptions = true,
    description = {
      "Moves every blob in a table or file to the version routing selects, through the gateway's"
          + " bulk rewrap; rows the application changes meanwhile are left alone (conflicts).",
      "Exit 0: every blob read is current; 3: some are not (see the summary); 2: bad usage or a"
          + " source, gateway or token that refuses the job."
    })
final class RewrapCommand implements Callable<Integer> {
  /** The client token the embedded default writes; used when no --token-file is given. */
  static final Path EMBEDDED_CLIENT_TOKEN = Path.of("keyshift-data", "client.token");

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ALIAS", description = "The alias whose blobs to move")
  String alias;

  @Option(
      names = "--source",
      required = true,
      paramLabel = "SOURCE",
      description =
          "jsonl:FILE (lines {\"ref\", \"ciphertext\"}) or jdbc:postgresql://host:port/db")
  String source;

  @Option(names = "--out", paramLabel = "FILE", description = "With jsonl: where the answers go")
  Path out;

  @Option(
      names = "--table",
      paramLabel = "TABLE",
      description = "With jdbc: table (or schema.table)")
  String table;

  @Option(names = "--key-column", paramLabel = "COLUMN", description = "With jdbc: unique key")
  String keyColumn;

  @Option(names = "--blob-column", paramLabel = "COLUMN", description = "With jdbc: text blob")
  String blobColumn;

  @Option(
      names = "--routing-key-column",
      paramLabel = "COLUMN",
      description = "With jdbc: the rows' routing key, for sticky routing")
  String routingKeyColumn;

  @Option(
      names = "--where",
      paramLabel = "SQL",
      description = "With jdbc: only rows matching this condition (run read-only)")
  String where;

  @Option(
      names = "--db-password-file",
      paramLabel = "FILE",
      description = "With jdbc: file holding the database password")
  Path dbPasswordFile;

  @Option(
      names = "--gateway",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:8080",
      description = "The data plane (default ${DEFAULT-VALUE})")
  String gateway;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "File holding a token allowed rewrap on the alias (default:"
              + " keyshift-data/client.token when it exists)")
  Path tokenFile;

  @Option(
      names = "--rate",
      paramLabel = "N/s",
      description = "At most this many rows per second (default: no limit)")
  String rate;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "500",
      description = "Rows per call, at most 1000 (default ${DEFAULT-VALUE})")
  int batch;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      defaultValue = "4",
      description = "Calls in flight at once (default ${DEFAULT-VALUE})")
  int parallel;

  @Option(
      names = "--checkpoint",
      paramLabel = "FILE",
      description = "Record progress here; run the same command again to resume after a crash")
  Path checkpoint;

  @Option(names = "--dry-run", description = "Count blobs per version; change nothing")
  boolean dryRun;

  @Option(names = "--json", description = "Print the summary as JSON")
  boolean json;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description = "Report the finished scan to the gateway with this admin token")
  Path adminTokenFile;

  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "${env:KEYSHIFT_ADMIN_URL:-http://127.0.0.1:8081}",
      description = "Admin listener, for the scan report (default ${DEFAULT-VALUE})")
  String adminUrl;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BulkRewrap.Settings settings =
        new BulkRewrap.Settings(
            alias,
            new BulkRewrap.Source(
                source,
                this.out,
                dbPasswordFile,
                table,
                keyColumn,
                blobColumn,
                routingKeyColumn,
                where),
            gateway,
            dryRun ? null : token(),
            rowsPerSecond(),
            batch,
            parallel,
            checkpoint,
            dryRun,
            json);
    AdminClient admin =
        adminTokenFile == null ? null : new AdminClient(adminUrl, read(adminTokenFile));
    BulkRewrap.Result result = BulkRewrap.run(settings, out, err, System.console() != null);
    if (admin != null) {
      reportScan(admin, result, err);
    }
    return result.exitCode();
  }

  private void reportScan(AdminClient admin, BulkRewrap.Result result, PrintWriter err) {
    try {
      JsonObject usage = admin.get("/admin/v1/aliases/" + alias + "/usage");
      String legacy = usage.getString("legacy");
      JsonObject versions = new JsonObject();
      for (String id : usage.getJsonObject("versions").fieldNames()) {
        versions.put(id, 0L);
      }
      for (Map.Entry<String, Long> left : result.versions().entrySet()) {
        String id = left.getKey().equals("legacy") ? legacy : left.getKey();
        if (id != null && versions.containsKey(id)) {
          versions.put(id, versions.getLong(id) + left.getValue());
        }
      }
      admin.post(
          "/admin/v1/aliases/" + alias + "/scans",
          new JsonObject()
              .put("source", result.sourceName())
              .put("finishedAt", result.finishedAt().toString())
              .put("versions", versions));
      err.println("keyshift rewrap: scan of " + result.sourceName() + " reported to the gateway");
      err.flush();
    } catch (CliFailure e) {
      throw new JobFailure("the scan was not reported: " + e.getMessage());
    }
  }

  private double rowsPerSecond() {
    if (rate == null) {
      return 0;
    }
    String number = rate.endsWith("/s") ? rate.substring(0, rate.length() - 2) : rate;
    try {
      double value = Double.parseDouble(number);
      if (value > 0 && Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new JobFailure("--rate must be rows per second, like 500/s, not " + rate);
  }

  private String token() {
    Path file =
        tokenFile != null
            ? tokenFile
            : Files.isReadable(EMBEDDED_CLIENT_TOKEN) ? EMBEDDED_CLIENT_TOKEN : null;
    if (file == null) {
      throw new JobFailure("no token: pass --token-file FILE holding a token allowed rewrap");
    }
    return read(file);
  }

  private static String read(Path file) {
    try {
      return SecretFiles.read(file);
    } catch (IOException e) {
      throw new JobFailure("cannot read the token file " + file + ": " + e.getMessage());
    }
  }
}
