package dev.keyshift.gateway.cli.rewrap;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * {@code keyshift rewrap}'s job: one source, one alias, through the gateway's bulk rewrap. Exit 0
 * when every blob read is now on the version routing selects, {@value #EXIT_NOT_ALL_MOVED} when
 * some are not (conflicts, failures, invalid blobs); a {@link JobFailure} (exit {@value
 * JobFailure#EXIT}) when the job cannot start or go on.
 */
public final class BulkRewrap {
  public static final int EXIT_NOT_ALL_MOVED = 3;
  public static final int MAX_BATCH = 1000;

  private BulkRewrap() {}

  /** Where the blobs are: a JSON Lines file or a PostgreSQL table. */
  public record Source(
      String spec,
      Path out,
      Path dbPasswordFile,
      String table,
      String keyColumn,
      String blobColumn,
      String routingKeyColumn,
      String where) {}

  /** How to run. {@code rate} is rows per second, 0 for no limit. */
  public record Settings(
      String alias,
      Source source,
      String gateway,
      String token,
      double rate,
      int batch,
      int parallel,
      Path checkpoint,
      boolean dryRun,
      boolean json) {}

  /**
   * What the run found and left.
   *
   * @param versions blobs per version as the job left them ({@code legacy} for non-envelopes)
   */
  public record Result(
      int exitCode, String sourceName, Instant finishedAt, Map<String, Long> versions) {}

  public static Result run(Settings settings, PrintWriter out, PrintWriter err, boolean terminal)
      throws InterruptedException {
    try {
      return runChecked(settings, out, err, terminal);
    } catch (IOException | SQLException e) {
      // The output or the database failed under the job: what was committed stays committed.
      throw new JobFailure("stopped: " + e.getMessage());
    } catch (InterruptedException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new JobFailure("stopped: " + e);
    }
  }

  private static Result runChecked(
      Settings settings, PrintWriter out, PrintWriter err, boolean terminal) throws Exception {
    if (settings.batch() < 1 || settings.batch() > MAX_BATCH) {
      throw new JobFailure("--batch must be from 1 to " + MAX_BATCH);
    }
    if (settings.parallel() < 1 || settings.parallel() > 64) {
      throw new JobFailure("--parallel must be from 1 to 64");
    }
    try (BlobSource source = open(settings)) {
      Pacer pacer = new Pacer(settings.rate());
      RewrapClient client =
          settings.dryRun()
              ? null
              : new RewrapClient(settings.gateway(), settings.alias(), settings.token(), pacer);
      if (client != null) {
        client.check();
      }
      RewrapJob job =
          new RewrapJob(
              source,
              client,
              new Checkpoint(settings.checkpoint(), settings.alias() + " " + source.fingerprint()),
              new RewrapJob.Options(
                  settings.alias(), settings.batch(), settings.parallel(), settings.dryRun()));
      Summary summary =
          job.run((total, done) -> new Progress(err, terminal && !settings.json(), total, done));
      int exit = settings.dryRun() || summary.notMoved() == 0 ? 0 : EXIT_NOT_ALL_MOVED;
      Map<String, Long> versions = settings.dryRun() ? summary.found() : summary.left();
      long throttled = client == null ? 0 : client.throttled();
      report(settings, source.name(), summary, throttled, exit, out);
      return new Result(
          exit, source.name(), Instant.now().truncatedTo(ChronoUnit.SECONDS), versions);
    }
  }

  private static BlobSource open(Settings settings) {
    Source source = settings.source();
    String spec = source.spec();
    if (spec.startsWith("jsonl:")) {
      if (source.out() == null && !settings.dryRun()) {
        throw new JobFailure("--source jsonl:FILE needs --out FILE for the rewrapped lines");
      }
      Path in = Path.of(spec.substring("jsonl:".length()));
      Path out = settings.dryRun() ? null : source.out();
      if (out != null && out.toAbsolutePath().normalize().equals(in.toAbsolutePath().normalize())) {
        throw new JobFailure("--out must not be the input file");
      }
      return new JsonlSource(in, out);
    }
    if (spec.startsWith("jdbc:postgresql:")) {
      if (source.table() == null || source.keyColumn() == null || source.blobColumn() == null) {
        throw new JobFailure(
            "--source jdbc:postgresql:… needs --table, --key-column and --blob-column");
      }
      return new PostgresSource(
          new PostgresSource.Settings(
              spec,
              source.dbPasswordFile(),
              source.table(),
              source.keyColumn(),
              source.blobColumn(),
              source.routingKeyColumn(),
              source.where(),
              settings.parallel()));
    }
    throw new JobFailure(
        "--source must be jsonl:FILE or jdbc:postgresql://host:port/database, not " + spec);
  }

  private static void report(
      Settings settings,
      String sourceName,
      Summary summary,
      long throttled,
      int exit,
      PrintWriter out) {
    if (settings.json()) {
      JsonObject json =
          summary
              .toJson()
              .put("alias", settings.alias())
              .put("source", sourceName)
              .put("dryRun", settings.dryRun())
              .put("throttledResponses", throttled)
              .put("exitCode", exit);
      out.println(json.encodePrettily());
    } else {
      SummaryTable.print(settings.alias(), sourceName, settings.dryRun(), summary, out);
      if (throttled > 0) {
        out.printf("  the gateway answered 429 %,d time(s); the job slowed down%n", throttled);
      }
    }
    out.flush();
  }
}
