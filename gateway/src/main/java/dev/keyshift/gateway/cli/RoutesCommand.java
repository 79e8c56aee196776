package dev.keyshift.gateway.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code keyshift routes ...}: read and change routing through the admin API. */
@Command(
    name = "routes",
    mixinStandardHelpOptions = true,
    description = "Show and change routing: weights, versions, states.")
final class RoutesCommand {
  @Spec CommandSpec spec;

  @Mixin AdminOptions admin;

  @Command(
      mixinStandardHelpOptions = true,
      name = "list",
      description = "Every alias with its weights.")
  int list() {
    JsonObject answer = admin.client().get("/admin/v1/aliases");
    if (!print(answer)) {
      RoutingViews.aliases(answer.getJsonArray("aliases"), out());
    }
    return 0;
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "show",
      description = "One alias: versions, weights, shares, states.")
  int show(@Parameters(paramLabel = "ALIAS") String alias) {
    return showAlias(admin.client().get(aliasPath(alias)));
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "set-weights",
      description = "Replace an alias's weights, e.g. v1=90 v2=10 (versions not named get 0).")
  int setWeights(
      @Parameters(index = "0", paramLabel = "ALIAS") String alias,
      @Parameters(index = "1..*", paramLabel = "VERSION=WEIGHT", arity = "1..*")
          Map<String, Integer> weights,
      @Option(
              names = "--if-match",
              paramLabel = "REVISION",
              description = "Refuse unless the alias is still at this revision")
          String ifMatch) {
    JsonObject body = new JsonObject().put("weights", new JsonObject(Map.copyOf(weights)));
    return showAlias(admin.client().put(aliasPath(alias) + "/weights", body, ifMatch));
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "add-version",
      description = "Add a newest version with weight 0 (its key is prepared first).")
  int addVersion(
      @Parameters(paramLabel = "ALIAS") String alias,
      @Option(
              names = "--id",
              required = true,
              description = "The new version's id, never used before in this alias (e.g. v3)")
          String id,
      @Option(
              names = "--backend",
              required = true,
              description = "The configured backend that holds the key")
          String backend,
      @Option(
              names = "--key",
              required = true,
              description = "The key's name on that backend (name/version for Azure)")
          String key,
      @Option(
              names = "--algorithm",
              required = true,
              description = "A256KW, A256KWP, A256GCM or RSA-OAEP-256")
          String algorithm,
      @Option(
              names = "--hierarchy",
              description =
                  "The key is a KEK: keyshift generates a master key, stores it wrapped by the"
                      + " KEK, and seals blobs under it without a vault call each")
          boolean hierarchy) {
    JsonObject body =
        new JsonObject()
            .put("id", id)
            .put("backend", backend)
            .put("key", key)
            .put("algorithm", algorithm);
    if (hierarchy) {
      body.put("hierarchy", true);
    }
    return showAlias(admin.client().post(aliasPath(alias) + "/versions", body));
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "set-state",
      description =
          "Enable or disable a version (disable needs weight 0; disabled refuses unwrap).")
  int setState(
      @Parameters(index = "0", paramLabel = "ALIAS") String alias,
      @Parameters(index = "1", paramLabel = "VERSION") String version,
      @Parameters(index = "2", paramLabel = "enabled|disabled") String state) {
    JsonObject body = new JsonObject().put("state", state);
    return showAlias(
        admin
            .client()
            .put(aliasPath(alias) + "/versions/" + encode(version) + "/state", body, null));
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "set-shadow",
      description =
          "Also wrap PERCENT of the alias's wraps on a version, unwrap them again and discard"
              + " them: proof under real traffic before it takes weight (0 stops it).")
  int setShadow(
      @Parameters(index = "0", paramLabel = "ALIAS") String alias,
      @Parameters(index = "1", paramLabel = "VERSION") String version,
      @Parameters(index = "2", paramLabel = "PERCENT") int percent) {
    JsonObject body = new JsonObject().put("shadow", percent);
    return showAlias(
        admin
            .client()
            .put(aliasPath(alias) + "/versions/" + encode(version) + "/shadow", body, null));
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "move-kek",
      description =
          "Wrap a hierarchical version's master key with another KEK (another backend allowed);"
              + " blobs and the version id stay, the previous wrapping is kept.")
  int moveKek(
      @Parameters(index = "0", paramLabel = "ALIAS") String alias,
      @Parameters(index = "1", paramLabel = "VERSION") String version,
      @Option(names = "--backend", required = true, description = "The new KEK's backend")
          String backend,
      @Option(names = "--key", required = true, description = "The new KEK's name on it")
          String key,
      @Option(
              names = "--algorithm",
              required = true,
              description = "A256KW, A256KWP, A256GCM or RSA-OAEP-256")
          String algorithm,
      @Option(
              names = "--if-match",
              paramLabel = "REVISION",
              description = "Refuse unless the alias is at this revision")
          String ifMatch) {
    JsonObject body =
        new JsonObject().put("backend", backend).put("key", key).put("algorithm", algorithm);
    return showAlias(
        admin
            .client()
            .put(aliasPath(alias) + "/versions/" + encode(version) + "/kek", body, ifMatch));
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "drop-previous-kek",
      description = "Drop the master key's wrapping by the KEK it had before the last move.")
  int dropPreviousKek(
      @Parameters(index = "0", paramLabel = "ALIAS") String alias,
      @Parameters(index = "1", paramLabel = "VERSION") String version) {
    return showAlias(
        admin.client().delete(aliasPath(alias) + "/versions/" + encode(version) + "/kek/previous"));
  }

  private int showAlias(JsonObject alias) {
    if (!print(alias)) {
      RoutingViews.alias(alias, out());
    }
    return 0;
  }

  private boolean print(JsonObject answer) {
    if (admin.json) {
      out().println(answer.encodePrettily());
      out().flush();
    }
    return admin.json;
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }

  private static String aliasPath(String alias) {
    return "/admin/v1/aliases/" + encode(alias);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
