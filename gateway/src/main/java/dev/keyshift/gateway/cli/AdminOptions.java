package dev.keyshift.gateway.cli;

import dev.keyshift.gateway.config.SecretFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * How operator commands reach the admin API: {@code --url}, a token, {@code --json}. The options
 * are inherited, so they may follow a subcommand ({@code keyshift routes list --json}).
 */
final class AdminOptions {
  @Option(
      names = "--url",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      defaultValue = "${env:KEYSHIFT_ADMIN_URL:-http://127.0.0.1:8081}",
      description = "Admin listener (env KEYSHIFT_ADMIN_URL; default ${DEFAULT-VALUE})")
  String url;

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      paramLabel = "TOKEN",
      defaultValue = "${env:KEYSHIFT_ADMIN_TOKEN}",
      description =
          "Admin token (env KEYSHIFT_ADMIN_TOKEN); prefer --token-file, which ps cannot show")
  String token;

  /** What the embedded default writes; used when no token is given and it exists here. */
  static final Path EMBEDDED_ADMIN_TOKEN = Path.of("keyshift-data", "admin.token");

  @Option(
      names = "--token-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description =
          "File holding the admin token (default: keyshift-data/admin.token when it exists)")
  Path tokenFile;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print the API's JSON instead of a table")
  boolean json;

  AdminClient client() {
    return new AdminClient(url, token());
  }

  private String token() {
    if (token != null && !token.isBlank()) {
      return token.strip();
    }
    Path file =
        tokenFile != null
            ? tokenFile
            : Files.isReadable(EMBEDDED_ADMIN_TOKEN) ? EMBEDDED_ADMIN_TOKEN : null;
    if (file != null) {
      try {
        return SecretFiles.read(file);
      } catch (IOException e) {
        throw new CliFailure("cannot read the token file: " + e.getMessage());
      }
    }
    throw new CliFailure(
        "no admin token: pass --token-file FILE or --token, or set KEYSHIFT_ADMIN_TOKEN");
  }
}
