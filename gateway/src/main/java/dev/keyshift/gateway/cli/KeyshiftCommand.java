package dev.keyshift.gateway.cli;

import dev.keyshift.gateway.cli.rewrap.JobFailure;
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
      PlanCommand.class,
      AuditCommand.class,
      KeysCommand.class,
      RewrapCommand.class,
      RetireCheckCommand.class,
      StoreCommand.class,
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
              if (failure instanceof JobFailure) {
                cmd.getErr()
                    .println("keyshift " + cmd.getCommandName() + ": " + failure.getMessage());
                cmd.getErr().flush();
                return JobFailure.EXIT;
              }
              throw failure;
            });
  }
}
