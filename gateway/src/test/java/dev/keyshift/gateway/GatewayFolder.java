package dev.keyshift.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.crypto.Cipher;

/** A folder a forked gateway runs in: the test config on free ports, keystore password, routing. */
final class GatewayFolder {
  private GatewayFolder() {}

  static void write(Path dir, String routing) throws IOException {
    Files.writeString(dir.resolve("keystore.password"), "test-password\n");
    Files.writeString(
        dir.resolve("keyshift.yaml"),
        TestGateway.config()
            .replace("server: { shutdown-grace: 5 }", "server: { port: 0 }\nadmin: { port: 0 }"));
    Files.writeString(dir.resolve("routing.yaml"), routing);
  }

  /**
   * What an application wrapping directly with the folder keystore's key (before keyshift) would
   * hold: raw RFC 5649 output, no envelope.
   */
  static byte[] rawKwpWrap(Path dir, String keyName, byte[] plaintext) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    char[] password = "test-password".toCharArray();
    try (InputStream in = Files.newInputStream(dir.resolve("keys.p12"))) {
      store.load(in, password);
    }
    Cipher cipher = Cipher.getInstance("AES/KWP/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, store.getKey(keyName, password));
    return cipher.doFinal(plaintext);
  }
}
