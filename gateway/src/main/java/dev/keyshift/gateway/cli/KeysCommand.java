package dev.keyshift.gateway.cli;

import dev.keyshift.gateway.backend.KeyManagement;
import dev.keyshift.gateway.backend.KeyType;
import dev.keyshift.gateway.backend.providers.BackendProviders;
import dev.keyshift.gateway.config.BackendConfig;
import dev.keyshift.gateway.config.ConfigException;
import dev.keyshift.gateway.config.ConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keyshift keys create|list --config FILE --backend NAME}: keys of {@code local} and {@code
 * pkcs11} backends, straight from the configuration (no gateway needs to run). HSM keys are created
 * sensitive and never extractable.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Create and list keys of local and pkcs11 backends.")
final class KeysCommand {
  @Spec CommandSpec spec;

  @Command(
      mixinStandardHelpOptions = true,
      name = "create",
      description = "Create a key: aes-256 or rsa-3072.")
  int create(
      @Option(names = "--config", required = true, paramLabel = "FILE") Path config,
      @Option(names = "--backend", required = true, paramLabel = "NAME") String backend,
      @Option(names = "--name", required = true, paramLabel = "KEY") String name,
      @Option(names = "--type", required = true, paramLabel = "aes-256|rsa-3072") String type)
      throws Exception {
    KeyType keyType =
        KeyType.fromWireName(type)
            .orElseThrow(() -> new CliFailure("--type must be aes-256 or rsa-3072"));
    run(() -> keys(config, backend).create(name, keyType));
    spec.commandLine()
        .getOut()
        .println("created " + type + " key '" + name + "' on backend " + backend);
    spec.commandLine().getOut().flush();
    return 0;
  }

  @Command(mixinStandardHelpOptions = true, name = "list", description = "List the backend's keys.")
  int list(
      @Option(names = "--config", required = true, paramLabel = "FILE") Path config,
      @Option(names = "--backend", required = true, paramLabel = "NAME") String backend)
      throws Exception {
    Tables table = new Tables("KEY", "KIND");
    List<String> keys = new ArrayList<>();
    run(() -> keys.addAll(keys(config, backend).list()));
    for (String line : keys) {
      String[] parts = line.split("\t");
      table.row(parts[0], parts[1]);
    }
    table.print(spec.commandLine().getOut());
    return 0;
  }

  private static KeyManagement keys(Path config, String name) {
    try {
      BackendConfig backend =
          ConfigLoader.load(config, BackendProviders.types()).backends().get(name);
      if (backend == null) {
        throw new CliFailure("no backend named '" + name + "' in " + config);
      }
      return BackendProviders.keyManagement(name, backend);
    } catch (ConfigException | IllegalArgumentException e) {
      throw new CliFailure(e.getMessage());
    }
  }

  private interface Action {
    void run() throws Exception;
  }

  private static void run(Action action) {
    try {
      action.run();
    } catch (CliFailure e) {
      throw e;
    } catch (Exception e) {
      throw new CliFailure(e.getMessage());
    }
  }
}
