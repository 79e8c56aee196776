package dev.keyshift.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PathSegmentsTest {
  @Test
  void segmentsAfterThePrefix_areSplitAtEverySlash_emptyOnesKept() {
    assertThat(PathSegments.after("/v1/keys/orders/wrap", "/v1/keys/"))
        .containsExactly("orders", "wrap");
    assertThat(PathSegments.after("/v1/keys/orders/wrap/batch", "/v1/keys/"))
        .containsExactly("orders", "wrap", "batch");
    assertThat(PathSegments.after("/v1/keys/orders/wrap/", "/v1/keys/"))
        .containsExactly("orders", "wrap", "");
    assertThat(PathSegments.after("/v1/keys//wrap", "/v1/keys/")).containsExactly("", "wrap");
    assertThat(PathSegments.after("/v1/keys/", "/v1/keys/")).containsExactly("");
  }

  @Test
  void otherPaths_areNull() {
    assertThat(PathSegments.after("/v1/key/orders/wrap", "/v1/keys/")).isNull();
    assertThat(PathSegments.after("/v1/keys", "/v1/keys/")).isNull();
  }

  @Test
  void encodedSlashesAndPluses_stayInsideTheirSegment() {
    assertThat(PathSegments.after("/keys/..%2Fadmin/a+b%20c/wrapkey", "/keys/"))
        .containsExactly("../admin", "a+b c", "wrapkey");
  }

  @Test
  void anyPath_isSplitAsStringSplitWithNoLimitSplitsIt() {
    Random random = new Random(7);
    for (int round = 0; round < 5_000; round++) {
      StringBuilder rest = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        rest.append("ab/".charAt(random.nextInt(3)));
      }
      String path = "/p/" + rest;
      assertThat(PathSegments.after(path, "/p/"))
          .as(path)
          .isEqualTo(Arrays.stream(rest.toString().split("/", -1)).toArray(String[]::new));
    }
  }
}
