package dev.keyshift.routing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stable hash of a routing key into [0, {@value #BUCKETS}): the first 8 bytes of SHA-256 over
 * the key's UTF-8 bytes, read big-endian as an unsigned integer, modulo {@value #BUCKETS}. Any
 * implementation can recompute it; changing it would move tenants between versions, so a test pins
 * it with known answers.
 */
public final class StickyBuckets {
  /** The number of buckets weights are allotted in. */
  public static final int BUCKETS = 10_000;

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(StickyBuckets::newSha256);

  private StickyBuckets() {}

  public static int bucketOf(String routingKey) {
    byte[] digest = SHA256.get().digest(routingKey.getBytes(StandardCharsets.UTF_8));
    long prefix = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      prefix = (prefix << 8) | (digest[i] & 0xff);
    }
    return (int) Long.remainderUnsigned(prefix, BUCKETS);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
