package dev.keyshift.bench;

import dev.keyshift.gateway.StandInVault;
import dev.keyshift.gateway.TestPki;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Managed HSM stand-in for the transport benchmark, in a process of its own so its CPU is not the
 * client's: the tests' {@link StandInVault} with one AES key, {@value #KEY}, on HTTPS from a fresh
 * test CA. Writes {@code ca.pem}, {@code vault.url} and {@code vault.token} into the folder and
 * serves until killed.
 *
 * <p>Usage: {@code VaultStandIn DIR}
 */
public final class VaultStandIn {
  static final String KEY = "bench-kek";
  static final String TOKEN = "bench-vault-token";

  private VaultStandIn() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Vertx vertx = Vertx.vertx();
    StandInVault vault = StandInVault.start(vertx, TestPki.create(dir), TOKEN, true);
    vault.aesKey(KEY, "1");
    Files.writeString(dir.resolve("vault.token"), TOKEN + "\n");
    Files.writeString(dir.resolve("vault.url"), vault.url());
    System.out.println("stand-in vault on " + vault.url());
  }
}
