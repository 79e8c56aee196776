package dev.keyshift.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.MGF1ParameterSpec;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Does a hop from an event loop to the crypto worker pool and back cost more than the crypto it
 * would move off the loop? Measures, on one event loop, sequential chains of: an AES key wrap run
 * inline; the same wrap run on a worker; an empty worker hop; and an RSA-OAEP-256 unwrap both ways.
 * Prints nanoseconds per operation (median of rounds). Not a test: run it by hand, see
 * docs/PERFORMANCE.md.
 */
public final class WorkerHopCost {
  private static final int ROUNDS = 7;

  public static void main(String[] args) throws Exception {
    Vertx vertx = Vertx.vertx();
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("bench-crypto", 2);
    SecretKey aes = aesKey();
    KeyPair rsa = rsaKeyPair();
    byte[] dek = new byte[32];
    byte[] rsaWrapped = oaep(Cipher.ENCRYPT_MODE, rsa).doFinal(dek);
    Callable<byte[]> aesWrap = () -> kw(aes).doFinal(dek);
    Callable<byte[]> rsaUnwrap = () -> oaep(Cipher.DECRYPT_MODE, rsa).doFinal(rsaWrapped);

    report(vertx, "AES-256 KW wrap, inline on the event loop", 200_000, () -> inline(aesWrap));
    report(
        vertx,
        "AES-256 KW wrap, on a worker",
        50_000,
        () -> workers.executeBlocking(aesWrap, false));
    report(
        vertx,
        "empty hop to a worker and back",
        50_000,
        () -> workers.executeBlocking(() -> dek, false));
    report(vertx, "RSA-3072 OAEP-256 unwrap, inline", 300, () -> inline(rsaUnwrap));
    report(
        vertx,
        "RSA-3072 OAEP-256 unwrap, on a worker",
        300,
        () -> workers.executeBlocking(rsaUnwrap, false));
    vertx.close().await();
  }

  private static void report(Vertx vertx, String name, int count, Callable<Future<byte[]>> op) {
    long[] nanosPerOp = new long[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      nanosPerOp[round] = chain(vertx, count, op) / count;
    }
    java.util.Arrays.sort(nanosPerOp);
    System.out.printf(
        Locale.ROOT,
        "%-42s %,10d ns/op  (min %,d, max %,d)%n",
        name,
        nanosPerOp[ROUNDS / 2],
        nanosPerOp[0],
        nanosPerOp[ROUNDS - 1]);
  }

  /** Runs {@code count} operations one after another on one event loop; returns elapsed ns. */
  private static long chain(Vertx vertx, int count, Callable<Future<byte[]>> op) {
    Promise<Long> done = Promise.promise();
    vertx.runOnContext(
        v -> {
          long start = System.nanoTime();
          next(op, count, () -> done.complete(System.nanoTime() - start), done);
        });
    return done.future().await();
  }

  /**
   * Runs the remaining operations in a loop while they complete at once (inline work), and
   * continues from the completion callback when they do not (worker hops), so the stack stays flat.
   */
  private static void next(
      Callable<Future<byte[]>> op, int remaining, Runnable finished, Promise<Long> done) {
    int left = remaining;
    try {
      while (left > 0) {
        Future<byte[]> result = op.call();
        left--;
        if (!result.isComplete()) {
          int after = left;
          result.onSuccess(r -> next(op, after, finished, done)).onFailure(done::fail);
          return;
        }
        if (result.failed()) {
          done.fail(result.cause());
          return;
        }
      }
    } catch (Exception e) {
      done.fail(e);
      return;
    }
    finished.run();
  }

  private static Future<byte[]> inline(Callable<byte[]> op) {
    try {
      return Future.succeededFuture(op.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  private static Cipher kw(SecretKey key) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/KW/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, key);
    return cipher;
  }

  private static Cipher oaep(int mode, KeyPair pair) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
    OAEPParameterSpec spec =
        new OAEPParameterSpec(
            "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    cipher.init(mode, mode == Cipher.ENCRYPT_MODE ? pair.getPublic() : pair.getPrivate(), spec);
    return cipher;
  }

  private static SecretKey aesKey() throws GeneralSecurityException {
    KeyGenerator generator = KeyGenerator.getInstance("AES");
    generator.init(256);
    return generator.generateKey();
  }

  private static KeyPair rsaKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(3072);
    return generator.generateKeyPair();
  }
}
