package dev.keyshift.gateway.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code keyshift help [COMMAND [SUBCOMMAND]...]}: the usage of the command the path names, nested
 * as deep as it goes ({@code keyshift help routes set-weights}); picocli's own help command stops
 * at the first level.
 */
@Command(
    name = "help",
    helpCommand = true,
    description = "Show the usage of a command, e.g. keyshift help routes set-weights.")
final class HelpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command's path")
  List<String> path = List.of();

  @Override
  public Integer call() {
    CommandLine command = spec.parent().commandLine();
    for (String name : path) {
      CommandLine next = command.getSubcommands().get(name);
      if (next == null) {
        command.getErr().println("keyshift: unknown command '" + name + "'");
        command.usage(command.getErr());
        return CommandLine.ExitCode.USAGE;
      }
      command = next;
    }
    command.usage(spec.commandLine().getOut());
    return CommandLine.ExitCode.OK;
  }
}
