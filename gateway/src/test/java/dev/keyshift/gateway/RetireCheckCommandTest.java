package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keyshift retire-check} against a gateway whose usage file holds months of history: ready
 * when every criterion holds, and not ready, naming the criterion, for each way one fails.
 */
@ExtendWith(VertxExtension.class)
class RetireCheckCommandTest {
  /** cutover's v1: weight 0 since August, last read in August, its one source empty since then. */
  static final String HISTORY =
      """
      {"format": 1, "aliases": {"cutover": {
        "versions": {
          "v1": {"since": "2026-06-01T00:00:00Z",
                 "wraps": {"count": 5000, "last": "2026-08-01T00:00:00Z"},
                 "unwraps": {"count": 900, "last": "2026-08-15T00:00:00Z"},
                 "weightZeroSince": "2026-08-02T00:00:00Z"},
          "v2": {"since": "2026-06-01T00:00:00Z",
                 "wraps": {"count": 7000, "last": "2026-11-30T00:00:00Z"},
                 "unwraps": {"count": 0, "last": null}, "weightZeroSince": null}},
        "scans": {"db.secrets": {"source": "db.secrets", "finishedAt": "2026-09-01T00:00:00Z",
                  "versions": {"v1": 0, "v2": 7000}, "emptySince": {"v1": "2026-08-20T00:00:00Z"}}}}}}
      """;

  @Test
  void readyOnlyWhenEveryCriterionHolds(Vertx vertx, @TempDir Path dir) throws Exception {
    TestGateway.prepare(dir, TestGateway.ROUTING);
    Files.writeString(dir.resolve("usage.json"), HISTORY);
    Files.writeString(dir.resolve("admin.token"), TestGateway.ADMIN_TOKEN);
    try (TestGateway gw = TestGateway.startWithoutWritingRouting(vertx, dir)) {
      String url = gw.admin("").toString();
      String token = dir.resolve("admin.token").toString();

      CliRun ready = check(url, token, "cutover", "v1");
      assertThat(ready.code()).as(ready.out() + ready.err()).isZero();
      assertThat(ready.out()).contains("READY").contains("2026-09-24T00:00:00Z");

      CliRun weighted = check(url, token, "orders", "v1");
      assertThat(weighted.code()).isEqualTo(3);
      assertThat(failing(weighted.out())).first().asString().startsWith("weight 0");
      assertThat(weighted.out()).contains("weight is 100");

      CliRun backups = check(url, token, "cutover", "v1", "--backup-retention", "1000d", "--json");
      assertThat(backups.code()).isEqualTo(3);
      assertThat(new JsonObject(backups.out()).getBoolean("ready")).isFalse();
      assertThat(backups.out()).contains("backups may hold it until 2029-05-16T00:00:00Z");

      String legacy = TestGateway.b64(gw.rawKwpWrap("cutover-v1", new byte[32]));
      gw.unwrap("cutover", legacy, null);
      CliRun read = check(url, token, "cutover", "v1");
      assertThat(read.code()).isEqualTo(3);
      assertThat(failing(read.out())).containsExactly("no unwrap for 30 days");

      gw.request(
          "POST",
          gw.admin("/admin/v1/aliases/cutover/scans"),
          TestGateway.ADMIN_TOKEN,
          "{\"source\": \"jsonl:/exports\", \"finishedAt\": \"2026-11-30T00:00:00Z\","
              + " \"versions\": {\"v1\": 3, \"v2\": 10}}");
      CliRun found = check(url, token, "cutover", "v1");
      assertThat(failing(found.out()))
          .contains("every source scanned empty")
          .anySatisfy(name -> assertThat(name).startsWith("no backup within"));
      assertThat(found.out()).contains("jsonl:/exports held 3 blob(s)");

      CliRun unknown = check(url, token, "cutover", "v9");
      assertThat(unknown.code()).isEqualTo(2);
      assertThat(unknown.err()).contains("has no version v9");
      CliRun noAlias = check(url, token, "nope", "v1");
      assertThat(noAlias.code()).isEqualTo(2);
      assertThat(noAlias.err()).contains("UNKNOWN_ALIAS");
    }
  }

  private static java.util.List<String> failing(String table) {
    return table
        .lines()
        .filter(line -> line.matches(".*\\S  +no  +.*"))
        .map(line -> line.split("  +")[0])
        .toList();
  }

  private static CliRun check(String url, String tokenFile, String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "retire-check";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--url";
    all[args.length + 2] = url;
    all[args.length + 3] = "--token-file";
    all[args.length + 4] = tokenFile;
    return CliRun.of(all);
  }
}
