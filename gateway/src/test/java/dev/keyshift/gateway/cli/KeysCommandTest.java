package dev.keyshift.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.SoftHsm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** keyshift keys create|list on local and pkcs11 backends. */
class KeysCommandTest {
  record Run(int code, String out, String err) {}

  @Test
  void createAndList_onLocalAndPkcs11(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("pw"), "pw\n");
    Files.writeString(
        dir.resolve("keyshift.yaml"),
        "backends:\n"
            + "  soft: { type: local, keystore: keys.p12, password-file: pw, create-missing-keys: true }\n"
            + "  hsm: { type: pkcs11, library: "
            + SoftHsm.LIBRARY
            + ", token-label: "
            + SoftHsm.LABEL
            + ", pin-file: \""
            + SoftHsm.dir().resolve("hsm.pin")
            + "\" }\n"
            + "  kv: { type: azure-keyvault, url: \"https://x.vault.azure.net\", credential: { type: default } }\n"
            + "routing: { file: routing.yaml }\n");
    String config = dir.resolve("keyshift.yaml").toString();
    for (String backend : new String[] {"soft", "hsm"}) {
      Run aes =
          run(
              "keys",
              "create",
              "--config",
              config,
              "--backend",
              backend,
              "--name",
              "cli-aes",
              "--type",
              "aes-256");
      assertThat(aes.code()).as(aes.err()).isZero();
      assertThat(aes.out()).isEqualTo("created aes-256 key 'cli-aes' on backend " + backend + "\n");
      assertThat(
              run(
                      "keys",
                      "create",
                      "--config",
                      config,
                      "--backend",
                      backend,
                      "--name",
                      "cli-rsa",
                      "--type",
                      "rsa-3072")
                  .code())
          .isZero();
      Run list = run("keys", "list", "--config", config, "--backend", backend);
      assertThat(list.out())
          .contains("KEY")
          .containsPattern("cli-aes\\s+aes")
          .containsPattern("cli-rsa\\s+rsa");
      Run again =
          run(
              "keys",
              "create",
              "--config",
              config,
              "--backend",
              backend,
              "--name",
              "cli-aes",
              "--type",
              "aes-256");
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.err()).contains("already has a key named 'cli-aes'");
    }
    assertThat(run("keys", "list", "--config", config, "--backend", "kv").err())
        .contains("manages its keys itself");
    assertThat(run("keys", "list", "--config", config, "--backend", "nope").err())
        .isEqualTo("keyshift: no backend named 'nope' in " + config + "\n");
    assertThat(
            run(
                    "keys",
                    "create",
                    "--config",
                    config,
                    "--backend",
                    "soft",
                    "--name",
                    "x",
                    "--type",
                    "des")
                .err())
        .isEqualTo("keyshift: --type must be aes-256 or rsa-3072\n");
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = KeyshiftCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
