package dev.keyshift.routing;

import static dev.keyshift.routing.Fixtures.alias;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SelectorTest {

  @Test
  void stickyHash_knownAnswers() {
    // SHA-256 of the UTF-8 key, first 8 bytes big-endian unsigned, mod 10000 (computed with
    // Python).
    assertThat(StickyBuckets.bucketOf("tenant-1")).isEqualTo(3230);
    assertThat(StickyBuckets.bucketOf("tenant-2")).isEqualTo(476);
    assertThat(StickyBuckets.bucketOf("acme")).isEqualTo(9872);
    assertThat(StickyBuckets.bucketOf("")).isEqualTo(1652);
    assertThat(StickyBuckets.bucketOf("ü-tenant")).isEqualTo(8167);
  }

  @Test
  void buckets_areAllottedNewestFirst() {
    Alias alias = alias("orders", 50, 50);
    // Buckets [0, 5000) go to the newest version, v2.
    assertThat(alias.select("tenant-2", null).id()).isEqualTo("v2"); // bucket 476
    assertThat(alias.select("tenant-1", null).id()).isEqualTo("v2"); // bucket 3230
    assertThat(alias.select("acme", null).id()).isEqualTo("v1"); // bucket 9872
  }

  @Test
  void zeroWeight_isNeverSelected() {
    Alias alias = alias("orders", 0, 1, 0);
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 1000; i++) {
      assertThat(alias.select(null, random).id()).isEqualTo("v2");
      assertThat(alias.select("k" + i, random).id()).isEqualTo("v2");
    }
  }

  @Test
  void forwardOnly_rewrapsOnlyToNewer() {
    Alias alias = alias("orders", 1, 1, 1);
    KeyVersion v1 = alias.version("v1").orElseThrow();
    KeyVersion v2 = alias.version("v2").orElseThrow();
    KeyVersion v3 = alias.version("v3").orElseThrow();
    assertThat(alias.rewrapAllowed(v1, v3)).isTrue();
    assertThat(alias.rewrapAllowed(v2, v3)).isTrue();
    assertThat(alias.rewrapAllowed(v3, v1)).isFalse();
    assertThat(alias.rewrapAllowed(v2, v2)).isFalse();
  }
}
