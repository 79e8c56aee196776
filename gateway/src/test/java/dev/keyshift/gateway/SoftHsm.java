package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyshift.gateway.backend.pkcs11.Pkcs11BackendConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fresh SoftHSM2 token for this test JVM. The module reads {@code SOFTHSM2_CONF} when it loads,
 * so Maven sets it for the test JVMs and this writes the file it names, then creates the token,
 * before anything loads the module.
 */
public final class SoftHsm {
  public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
  public static final String LABEL = "keyshift-test";
  public static final String PIN = "5678";
  private static Path dir;

  private SoftHsm() {}

  /** The folder holding the configuration, the token and {@code hsm.pin}; created once. */
  public static synchronized Path dir() throws IOException, InterruptedException {
    if (dir != null) {
      return dir;
    }
    String conf = System.getenv("SOFTHSM2_CONF");
    assertThat(conf).as("SOFTHSM2_CONF is set by Maven for the test JVMs").isNotNull();
    assertThat(LIBRARY)
        .as("SoftHSM2 is installed (apt-get install softhsm2; .ci/run does)")
        .exists();
    Path folder = Path.of(conf).getParent();
    if (Files.exists(folder)) {
      try (Stream<Path> old = Files.walk(folder)) {
        old.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
    Files.createDirectories(folder.resolve("tokens"));
    Files.writeString(
        Path.of(conf),
        "directories.tokendir = "
            + folder.resolve("tokens")
            + "\nobjectstore.backend = file\nlog.level = ERROR\n");
    Process init =
        new ProcessBuilder(
                "softhsm2-util",
                "--init-token",
                "--free",
                "--label",
                LABEL,
                "--so-pin",
                "1234",
                "--pin",
                PIN)
            .redirectErrorStream(true)
            .start();
    assertThat(init.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(init.exitValue()).as(new String(init.getInputStream().readAllBytes())).isZero();
    Files.writeString(folder.resolve("hsm.pin"), PIN + "\n");
    dir = folder;
    return dir;
  }

  public static Pkcs11BackendConfig config(String name, boolean createMissingKeys)
      throws Exception {
    return new Pkcs11BackendConfig(
        LIBRARY, LABEL, null, dir().resolve("hsm.pin"), createMissingKeys);
  }
}
