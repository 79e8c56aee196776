package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.cli.KeyshiftCommand;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The operator CLI driving a real gateway's admin API. */
@ExtendWith(VertxExtension.class)
class KeyshiftCliTest {
  TestGateway gw;
  Path tokenFile;

  record Run(int code, String out, String err) {}

  @BeforeEach
  void start(Vertx vertx, @TempDir Path dir) throws Exception {
    gw = TestGateway.start(vertx, dir, TestGateway.ROUTING);
    tokenFile = dir.resolve("admin.token");
    Files.writeString(tokenFile, TestGateway.ADMIN_TOKEN + "\n");
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  @Test
  void routesListAndShow_printTables() {
    Run list = cli("routes", "list");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains("ALIAS").contains("WEIGHTS");
    assertThat(list.out().lines().filter(l -> l.startsWith("orders ")))
        .singleElement()
        .asString()
        .contains("v1=100 v2=0 v3=0(disabled)")
        .contains("yes");

    Run show = cli("routes", "show", "orders");
    assertThat(show.out()).startsWith("alias orders  revision 1  lazy-rewrap yes  legacy v1");
    assertThat(show.out().lines().filter(l -> l.startsWith("v1 ")))
        .singleElement()
        .asString()
        .contains("orders-v1")
        .contains("A256KWP")
        .contains("100.0%")
        .contains("enabled");
  }

  @Test
  void setWeights_addVersion_setState_changeTheRunningGateway() {
    Run weights = cli("routes", "set-weights", "orders", "v1=90", "v2=10");
    assertThat(weights.code()).as(weights.err()).isZero();
    assertThat(weights.out()).contains("revision 2");
    assertThat(weights.out().lines().filter(l -> l.startsWith("v2 ")))
        .singleElement()
        .asString()
        .contains("10.0%");

    Run added =
        cli(
            "routes",
            "add-version",
            "gcm",
            "--id",
            "v2",
            "--backend",
            "local",
            "--key",
            "gcm-v2",
            "--algorithm",
            "A256GCM");
    assertThat(added.code()).as(added.err()).isZero();
    assertThat(cli("routes", "set-weights", "gcm", "v2=1").code()).isZero();
    assertThat(gw.wrap("gcm", new byte[32], null).getString("keyVersion")).isEqualTo("v2");

    Run disabled = cli("routes", "set-state", "gcm", "v1", "disabled");
    assertThat(disabled.code()).as(disabled.err()).isZero();
    assertThat(disabled.out().lines().filter(l -> l.startsWith("v1 ")))
        .singleElement()
        .asString()
        .contains("disabled");

    Run audit = cli("audit");
    assertThat(audit.out().lines().skip(1).map(l -> l.split("\\s+")[2]))
        .containsExactly("set-state", "set-weights", "add-version", "set-weights");
    assertThat(audit.out())
        .contains("v1 100->90, v2 0->10")
        .contains("+v2")
        .contains("v1 disabled");
  }

  @Test
  void json_printsTheApisAnswer() {
    Run json = cli("routes", "show", "orders", "--json");
    assertThat(new JsonObject(json.out()).getString("name")).isEqualTo("orders");
    Run audit = cli("audit", "--json", "--limit", "5");
    assertThat(new JsonObject(audit.out()).getJsonArray("entries")).isEmpty();
  }

  @Test
  void failures_exitNonZeroWithTheServersMessage() {
    Run invalid = cli("routes", "set-weights", "orders", "v1=0", "v2=0");
    assertThat(invalid.code()).isEqualTo(1);
    assertThat(invalid.err())
        .isEqualTo("keyshift: INVALID_ROUTING: alias orders: weights are all zero\n");

    Run stale = cli("routes", "set-weights", "orders", "v1=1", "--if-match", "7");
    assertThat(stale.code()).isEqualTo(1);
    assertThat(stale.err()).startsWith("keyshift: CONFLICT: alias orders is at revision 1");

    Run unknown = cli("routes", "show", "nothing");
    assertThat(unknown.err()).isEqualTo("keyshift: UNKNOWN_ALIAS: no alias named 'nothing'\n");

    Run badToken = run("routes", "list", "--url", adminUrl(), "--token", "wrong");
    assertThat(badToken.code()).isEqualTo(1);
    assertThat(badToken.err())
        .isEqualTo("keyshift: UNAUTHENTICATED: the bearer token is not valid\n");

    Run unreachable =
        run("routes", "list", "--url", "http://127.0.0.1:1", "--token-file", tokenFile.toString());
    assertThat(unreachable.code()).isEqualTo(1);
    assertThat(unreachable.err()).startsWith("keyshift: cannot reach http://127.0.0.1:1");

    Run usage = cli("routes", "set-state", "orders");
    assertThat(usage.code()).isEqualTo(2);
  }

  private String adminUrl() {
    return "http://127.0.0.1:" + gw.gateway.adminPort();
  }

  @Test
  void planStartShowPauseResumeAbort_andSetShadow_driveTheAdminApi() {
    Run shadow = cli("routes", "set-shadow", "orders", "v2", "10");
    assertThat(shadow.code()).as(shadow.err()).isZero();
    assertThat(shadow.out().lines().filter(l -> l.startsWith("v2 ")))
        .singleElement()
        .asString()
        .endsWith("10%");

    Run refused = cli("plan", "start", "orders", "--step", "v2=100");
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("needs a hold after @");
    Run tooShort = cli("plan", "start", "orders", "--step", "v2=100@5s");
    assertThat(tooShort.code()).isEqualTo(1);
    assertThat(tooShort.err()).contains("step 1: hold 5s is below the minimum of 10s");

    Run started =
        cli(
            "plan",
            "start",
            "orders",
            "--id",
            "p1",
            "--step",
            "v1=90,v2=10,shadow:v2=0@10m",
            "--step",
            "v2=100@1h",
            "--min-calls",
            "50");
    assertThat(started.code()).as(started.err()).isZero();
    assertThat(started.out())
        .startsWith("plan p1 of alias orders: running, step 1 of 2")
        .contains("> 1   v1=90 v2=10")
        .contains("v2=100");
    Run paused = cli("plan", "pause", "orders");
    assertThat(paused.out()).contains("paused").contains("paused by ops");
    assertThat(cli("plan", "resume", "orders").out()).contains(": running,");
    Run shown = cli("plan", "show", "orders", "--json");
    assertThat(new JsonObject(shown.out()).getJsonObject("gates").getLong("minCalls"))
        .isEqualTo(50);
    assertThat(cli("plan", "abort", "orders").out()).contains(": aborted,");
    assertThat(cli("audit").out()).contains("plan-start").contains("plan-abort");
  }

  private Run cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", adminUrl(), "--token-file", tokenFile.toString()));
    return run(all.toArray(String[]::new));
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = KeyshiftCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
