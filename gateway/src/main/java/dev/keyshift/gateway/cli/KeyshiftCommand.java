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
    subcommands = {ServeCommand.class, CommandLine.HelpCommand.class})
public final class KeyshiftCommand {

  public static void main(String[] args) {
    int code = new CommandLine(new KeyshiftCommand()).execute(args);
    System.exit(code);
  }
}
