package dev.keyshift.gateway.cli;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keyshift audit}: routing changes, newest first. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Routing changes, newest first.")
final class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin AdminOptions admin;

  @Option(
      names = "--limit",
      defaultValue = "50",
      description = "At most this many entries (default ${DEFAULT-VALUE})")
  int limit;

  @Option(
      names = "--since",
      paramLabel = "INSTANT",
      description = "Only entries at or after, e.g. 2026-11-28T00:00:00Z")
  String since;

  @Override
  public Integer call() {
    String query =
        "?limit="
            + limit
            + (since == null ? "" : "&since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
    JsonObject answer = admin.client().get("/admin/v1/audit" + query);
    if (admin.json) {
      spec.commandLine().getOut().println(answer.encodePrettily());
      spec.commandLine().getOut().flush();
    } else {
      RoutingViews.audit(answer.getJsonArray("entries"), spec.commandLine().getOut());
    }
    return 0;
  }
}
