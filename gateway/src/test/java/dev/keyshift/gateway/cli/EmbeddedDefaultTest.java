package dev.keyshift.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.Gateway;
import dev.keyshift.gateway.Shell;
import dev.keyshift.gateway.backend.providers.BackendProviders;
import dev.keyshift.gateway.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default in-process, on free ports. EmbeddedDefaultIT runs the real jar with no
 * arguments at all.
 */
@ExtendWith(VertxExtension.class)
class EmbeddedDefaultTest {

  @Test
  void prepare_createsOwnerOnlyFiles_andReusesThem(@TempDir Path dir) throws Exception {
    EmbeddedDefault.Files files = EmbeddedDefault.prepare(dir);
    Path folder = dir.resolve("keyshift-data");
    assertThat(mode(folder)).isEqualTo("rwx------");
    try (Stream<Path> list = Files.list(folder)) {
      assertThat(list.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "keyshift.yaml", "routing.yaml", "keystore.password", "client.token", "admin.token");
    }
    try (Stream<Path> list = Files.list(folder)) {
      list.forEach(file -> assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------"));
    }
    String token = Files.readString(files.clientToken());
    assertThat(EmbeddedDefault.prepare(dir)).isEqualTo(files);
    assertThat(Files.readString(files.clientToken())).isEqualTo(token);
    assertThat(Files.readString(files.adminToken())).isNotEqualTo(token);
  }

  @Test
  void printedCurlLine_wrapsWithDemoAlias(Vertx vertx, @TempDir Path dir) throws Exception {
    EmbeddedDefault.Files files = EmbeddedDefault.prepare(dir);
    Gateway gateway =
        Gateway.start(
                vertx,
                ConfigLoader.load(files.config(), BackendProviders.types())
                    .withPortsForTesting(0, 0))
            .await();
    assertThat(Files.exists(dir.resolve("keyshift-data/keys.p12"))).isTrue();
    assertThat(mode(dir.resolve("keyshift-data/keys.p12"))).isEqualTo("rw-------");

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ServeCommand.printWelcome(
        new PrintStream(printed, true, StandardCharsets.UTF_8), files, gateway);
    String text = printed.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains(files.clientToken().toString())
        .contains(files.adminToken().toString());
    assertThat(text).doesNotContain(Files.readString(files.clientToken()).strip());
    String curl =
        text.lines()
            .filter(line -> line.strip().startsWith("curl "))
            .findFirst()
            .orElseThrow()
            .strip();

    JsonObject answer = new JsonObject(Shell.run(curl, dir));
    assertThat(answer.getString("keyVersion")).isEqualTo("v1");
    assertThat(answer.getString("ciphertext")).startsWith("ks1:demo:v1:");
    gateway.stop().await();
  }

  private static String mode(Path path) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
