package dev.keyshift.gateway.cli.rewrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  @Test
  void aSavedCheckpoint_resumesWithItsPositionAndTotals(@TempDir Path dir) throws Exception {
    Summary summary = new Summary();
    summary.add(
        new Row("1", "ks1:orders:v1:x", null),
        new Outcome(Outcome.Kind.REWRAPPED, "v1", "b", "v2", null));
    summary.add(new Row("2", "junk", null), Outcome.invalid(null, "junk", "not a valid envelope"));
    summary.add(new Row("3", null, null), Outcome.empty());
    Checkpoint checkpoint = new Checkpoint(dir.resolve("cp.json"), "orders jsonl:/a -> /b");
    checkpoint.save("3", summary);

    Checkpoint.State state = checkpoint.load();
    assertThat(state.position()).isEqualTo("3");
    assertThat(state.summary().toJson()).isEqualTo(summary.toJson());
    assertThat(state.summary().scanned()).isEqualTo(3);
    assertThat(state.summary().notMoved()).isEqualTo(1);

    checkpoint.finish();
    assertThat(checkpoint.load()).as("a finished job starts afresh").isNull();
  }

  @Test
  void aCheckpointOfAnotherJob_orNotACheckpoint_isRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("cp.json");
    new Checkpoint(file, "orders table a").save("9", new Summary());
    assertThatThrownBy(() -> new Checkpoint(file, "orders table b").load())
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("belongs to another job");
    Files.writeString(file, "{not json");
    assertThatThrownBy(() -> new Checkpoint(file, "orders table a").load())
        .isInstanceOf(JobFailure.class)
        .hasMessageContaining("not a checkpoint");
  }
}
