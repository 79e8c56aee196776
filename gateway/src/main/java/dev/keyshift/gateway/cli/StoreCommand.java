package dev.keyshift.gateway.cli;

import dev.keyshift.gateway.backend.providers.BackendProviders;
import dev.keyshift.gateway.config.ConfigException;
import dev.keyshift.gateway.config.ConfigLoader;
import dev.keyshift.gateway.config.GatewayConfig;
import dev.keyshift.gateway.store.postgres.StoreImport;
import dev.keyshift.routing.InvalidRoutingException;
import dev.keyshift.routing.RoutingSnapshot;
import dev.keyshift.routing.file.FileFormatException;
import dev.keyshift.routing.file.RoutingFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keyshift store import --config keyshift.yaml --from routing.yaml [--audit audit.jsonl]}:
 * moves a file store into the PostgreSQL store the config names (creating its schema); refused when
 * that store is not empty.
 */
@Command(
    name = "store",
    mixinStandardHelpOptions = true,
    description = "Move routing between stores.")
final class StoreCommand {
  @Spec CommandSpec spec;

  @Command(
      mixinStandardHelpOptions = true,
      name = "import",
      description =
          "Import a routing file and its audit log into the empty PostgreSQL store that"
              + " routing.postgres in the config names.")
  int importStore(
      @Option(names = "--config", required = true, paramLabel = "FILE") Path config,
      @Option(names = "--from", required = true, paramLabel = "ROUTING.yaml") Path from,
      @Option(names = "--audit", paramLabel = "AUDIT.jsonl") Path audit) {
    GatewayConfig gateway = load(config);
    if (gateway.postgres() == null) {
      throw new CliFailure(
          config + " names a file store: store import needs routing.postgres in the config");
    }
    RoutingSnapshot routing = routing(from, gateway);
    List<String> auditLines = audit == null ? List.of() : lines(audit);
    StoreImport.Imported imported;
    try {
      imported = StoreImport.run(gateway.postgres(), routing, auditLines);
    } catch (SQLException | RuntimeException e) {
      // Flyway's messages go on for several lines; the first says what failed.
      String reason = String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("");
      throw new CliFailure("nothing imported into " + gateway.postgres().shown() + ": " + reason);
    }
    spec.commandLine()
        .getOut()
        .printf(
            "imported routing revision %d (%d aliases) and %d audit entries into %s%n",
            imported.revision(),
            imported.aliases(),
            imported.auditEntries(),
            gateway.postgres().shown());
    if (imported.tornLines() > 0) {
      spec.commandLine()
          .getOut()
          .printf("skipped %d torn audit lines (not JSON)%n", imported.tornLines());
    }
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static GatewayConfig load(Path config) {
    try {
      return ConfigLoader.load(config, BackendProviders.types());
    } catch (ConfigException e) {
      throw new CliFailure(e.getMessage());
    }
  }

  private static RoutingSnapshot routing(Path file, GatewayConfig gateway) {
    String text;
    try {
      text = ConfigLoader.readText(file);
    } catch (ConfigException e) {
      throw new CliFailure(e.getMessage());
    }
    try {
      RoutingSnapshot routing = RoutingFile.parse(text, gateway.backends().keySet());
      if (routing.aliases().isEmpty()) {
        throw new CliFailure(file + ": aliases: no alias is routed");
      }
      return routing;
    } catch (FileFormatException e) {
      throw new CliFailure(file + ": " + e.field() + ": " + e.problem());
    } catch (InvalidRoutingException e) {
      throw new CliFailure(file + ": aliases: " + e.getMessage());
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliFailure(file + " cannot be read (" + e + ")");
    }
  }
}
