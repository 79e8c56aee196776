package dev.keyshift.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * What the README's build command leaves a user with: a jar whose shared resources are merged (so
 * shading has nothing to warn about) and a quiet build whose output carries no terminal escapes.
 */
class PackagingIT {

  @Test
  void shadedJar_mergesTheResourcesItsLibrariesShare() throws IOException {
    try (JarFile jar = new JarFile(System.getProperty("keyshift.jar"))) {
      Manifest manifest = jar.getManifest();
      assertThat(manifest.getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.keyshift.gateway.cli.KeyshiftCommand");
      assertThat(manifest.getMainAttributes().getValue("Add-Exports"))
          .contains("sun.security.pkcs11.wrapper");

      Properties netty = new Properties();
      try (InputStream in =
          jar.getInputStream(jar.getEntry("META-INF/io.netty.versions.properties"))) {
        netty.load(in);
      }
      assertThat(netty.stringPropertyNames())
          .as("every Netty artifact's version line, not only the first jar's")
          .contains("netty-buffer.version", "netty-codec-http2.version", "netty-handler.version");

      String notices = text(jar, "META-INF/NOTICE");
      assertThat(notices).contains("Jackson").containsIgnoringCase("micrometer");
      assertThat(text(jar, "META-INF/LGPL2.1")).contains("LESSER GENERAL PUBLIC LICENSE");
    }
  }

  @Test
  void quietBuild_printsNoTerminalEscapes() throws Exception {
    Path mvn = Path.of(System.getProperty("maven.home"), "bin", "mvn");
    Process process =
        new ProcessBuilder(mvn.toString(), "-B", "-q", "-N", "validate")
            .directory(Path.of(System.getProperty("keyshift.root")).toFile())
            .redirectErrorStream(true)
            .start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(text).isZero();
    assertThat(text).as("output of mvn -B -q").doesNotContain("\u001b");
  }

  private static String text(JarFile jar, String name) throws IOException {
    try (InputStream in = jar.getInputStream(jar.getEntry(name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
