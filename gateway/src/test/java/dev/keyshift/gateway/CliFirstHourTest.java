package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.cli.KeyshiftCommand;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a new operator meets first: help everywhere, and errors that say what happened. */
class CliFirstHourTest {

  @Test
  void everyCommandAndSubcommand_answersHelp_withExitZero() {
    List<List<String>> paths = new ArrayList<>();
    collect(KeyshiftCommand.commandLine(), new ArrayList<>(), paths);
    assertThat(paths).hasSizeGreaterThan(8);
    for (List<String> path : paths) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertThat(run.code()).as("%s --help: %s", path, run.err()).isZero();
      assertThat(run.out()).as("%s --help", path).startsWith("Usage: keyshift");
    }
  }

  @Test
  void helpOfANestedCommand_isThatCommandsUsage() {
    CliRun run = CliRun.of("help", "routes", "set-weights");
    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("Usage: keyshift routes set-weights");
    assertThat(CliRun.of("help", "routes", "nope").code()).isEqualTo(CommandLine.ExitCode.USAGE);
  }

  @Test
  void addVersionOptions_areDescribed() {
    String help = CliRun.of("routes", "add-version", "--help").out();
    assertThat(help).contains("The new version's id", "The configured backend", "The key's name");
  }

  @Test
  void anUnreachableGateway_isCalledConnectionRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CliRun run = CliRun.of("routes", "list", "--url", "http://127.0.0.1:" + port, "--token", "t");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("connection refused").doesNotContain("null");
  }

  private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
    command
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              if (sub.getCommandSpec().helpCommand()) {
                return;
              }
              List<String> subPath = new ArrayList<>(path);
              subPath.add(name);
              paths.add(subPath);
              collect(sub, subPath, paths);
            });
  }
}
