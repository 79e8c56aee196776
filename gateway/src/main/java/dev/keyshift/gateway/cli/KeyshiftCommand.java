package dev.keyshift.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code keyshift} command. */
@Command(
    name = "keyshift",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "Key-proxy gateway for gradual, reversible key migrations between vaults and HSMs.",
    subcommands = {
      ServeCommand.class,
      RoutesCommand.class,
      AuditCommand.class,
      KeysCommand.class,
      HelpCommand.class
    })
public final class KeyshiftCommand {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with its failure handling: a {@link CliFailure} (the server's refusal, an
   * unreachable URL, a missing token) prints one line and exits 1.
   */
  public static CommandLine commandLine() {
    return new CommandLine(new KeyshiftCommand())
        .setExecutionExceptionHandler(
            (failure, cmd, parsed) -> {
              if (failure instanceof CliFailure) {
                cmd.getErr().println("keyshift: " + failure.getMessage());
                cmd.getErr().flush();
                return 1;
              }
              throw failure;
            });
  }
}
