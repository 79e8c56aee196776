package dev.keyshift.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The usage file is a persisted format: this known answer pins format 1. */
class UsageFileTest {
  static final String FORMAT_1 =
      """
      {
        "format" : 1,
        "aliases" : {
          "orders" : {
            "versions" : {
              "v1" : {
                "since" : "2026-10-01T00:00:00Z",
                "wraps" : {
                  "count" : 120,
                  "last" : "2026-11-01T08:00:00Z"
                },
                "unwraps" : {
                  "count" : 7,
                  "last" : "2026-11-20T09:30:00.125Z"
                },
                "weightZeroSince" : "2026-11-01T08:00:01Z"
              },
              "v2" : {
                "since" : "2026-11-01T00:00:00Z",
                "wraps" : {
                  "count" : 0,
                  "last" : null
                },
                "unwraps" : {
                  "count" : 0,
                  "last" : null
                },
                "weightZeroSince" : null
              }
            },
            "scans" : {
              "db.orders" : {
                "source" : "db.orders",
                "finishedAt" : "2026-11-25T00:00:00Z",
                "versions" : {
                  "v1" : 0,
                  "v2" : 9000
                },
                "emptySince" : {
                  "v1" : "2026-11-24T00:00:00Z"
                }
              }
            }
          }
        }
      }
      """;

  @Test
  void formatOne_readsAndWritesTheKnownAnswer() {
    UsageFile.Contents contents = UsageFile.parse(FORMAT_1);
    VersionUsage v1 = contents.versions().get("orders").get("v1");
    assertThat(v1.wraps())
        .isEqualTo(new VersionUsage.Tally(120, Instant.parse("2026-11-01T08:00:00Z")));
    assertThat(v1.unwraps().last()).isEqualTo(Instant.parse("2026-11-20T09:30:00.125Z"));
    assertThat(v1.weightZeroSince()).isEqualTo(Instant.parse("2026-11-01T08:00:01Z"));
    Scan scan = contents.scans().get("orders").get("db.orders");
    assertThat(scan.versions()).containsEntry("v2", 9000L);
    assertThat(scan.emptySince()).containsEntry("v1", Instant.parse("2026-11-24T00:00:00Z"));

    assertThat(UsageFile.format(contents)).isEqualToIgnoringNewLines(FORMAT_1);
  }

  @Test
  void aFileOfAnotherFormatOrShape_isRefusedByName() {
    assertThatThrownBy(() -> UsageFile.parse("{\"format\": 2}"))
        .hasMessageContaining("format must be 1");
    assertThatThrownBy(() -> UsageFile.parse("not json")).hasMessageContaining("not JSON");
    assertThatThrownBy(
            () ->
                UsageFile.parse(
                    "{\"format\": 1, \"aliases\": {\"a\": {\"versions\": {\"v1\": {}}}}}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countsAddUp_andTheLatestTimeWins() {
    Instant t1 = Instant.parse("2026-11-01T00:00:00Z");
    Instant t2 = Instant.parse("2026-11-02T00:00:00Z");
    VersionUsage usage =
        VersionUsage.startingAt(t1).plus(2, t2, 0, Instant.EPOCH).plus(3, t1, 1, t1);
    assertThat(usage.wraps()).isEqualTo(new VersionUsage.Tally(5, t2));
    assertThat(usage.unwraps()).isEqualTo(new VersionUsage.Tally(1, t1));
  }

  @Test
  void aScanAfterAnother_keepsWhenEachVersionWasFirstFoundEmpty() {
    Instant t1 = Instant.parse("2026-11-01T00:00:00Z");
    Instant t2 = Instant.parse("2026-11-02T00:00:00Z");
    Instant t3 = Instant.parse("2026-11-03T00:00:00Z");
    Scan first = new Scan("s", t1, counts(0, 4), Map.of()).reportedAfter(null);
    Scan second = new Scan("s", t2, counts(0, 4), Map.of()).reportedAfter(first);
    Scan refilled = new Scan("s", t3, counts(1, 0), Map.of()).reportedAfter(second);
    assertThat(second.emptySince()).containsEntry("v1", t1).doesNotContainKey("v2");
    assertThat(refilled.emptySince()).containsEntry("v2", t3).doesNotContainKey("v1");
  }

  private static Map<String, Long> counts(long v1, long v2) {
    Map<String, Long> counts = new TreeMap<>();
    counts.put("v1", v1);
    counts.put("v2", v2);
    return counts;
  }
}
