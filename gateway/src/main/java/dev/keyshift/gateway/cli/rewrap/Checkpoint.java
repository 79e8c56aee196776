package dev.keyshift.gateway.cli.rewrap;

import dev.keyshift.gateway.config.SecretFiles;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --checkpoint FILE}: after each page that is written back, in page order, the position
 * after it and the summary so far, replaced atomically. A killed job resumed with the same command
 * starts after the last recorded page; pages after it are read again, and their rows already moved
 * are found current, so no row is lost or moved twice into a different blob.
 */
final class Checkpoint {
  /** What was recorded: where to continue, and the totals up to there. */
  record State(Object position, Summary summary) {}

  private final Path file;
  private final String fingerprint;

  Checkpoint(Path file, String fingerprint) {
    this.file = file;
    this.fingerprint = fingerprint;
  }

  /** The recorded state, or null for a job that starts afresh. */
  State load() {
    if (file == null || !Files.exists(file)) {
      return null;
    }
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file));
    } catch (IOException | DecodeException e) {
      throw new JobFailure("cannot read checkpoint " + file + ": not a checkpoint this job wrote");
    }
    if (!fingerprint.equals(json.getString("job"))) {
      throw new JobFailure(
          "checkpoint "
              + file
              + " belongs to another job ("
              + json.getString("job")
              + "); use another file or remove it");
    }
    return new State(json.getValue("position"), Summary.fromJson(json.getJsonObject("summary")));
  }

  void save(Object position, Summary summary) throws IOException {
    if (file == null) {
      return;
    }
    JsonObject json =
        new JsonObject()
            .put("job", fingerprint)
            .put("position", position)
            .put("summary", summary.toJson())
            .put("done", false);
    SecretFiles.writeAtomically(file, json.encodePrettily());
  }

  /** Marks the job finished: running the command again starts a new pass. */
  void finish() throws IOException {
    if (file != null) {
      Files.deleteIfExists(file);
    }
  }
}
