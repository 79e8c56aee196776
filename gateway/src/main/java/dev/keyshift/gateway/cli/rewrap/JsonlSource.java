package dev.keyshift.gateway.cli.rewrap;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code jsonl:FILE}: lines {@code {"ref", "ciphertext"}} in, lines {@code {"ref", "ciphertext",
 * "keyVersion", "rewrapped"}} out (plus {@code "error"} for a row not moved), one per input line in
 * input order. The position is the count of lines done and the output's length then, so a resumed
 * run cuts off what a killed one wrote past its checkpoint.
 */
final class JsonlSource implements BlobSource {
  private final Path in;
  private final Path out;
  private final BufferedReader reader;
  private final FileChannel output;
  private long linesRead;
  private long linesCommitted;

  JsonlSource(Path in, Path out) {
    this.in = in;
    this.out = out;
    try {
      this.reader = Files.newBufferedReader(in, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new JobFailure("no such file: " + in);
    } catch (IOException e) {
      throw new JobFailure("cannot read " + in + ": " + e.getMessage());
    }
    try {
      this.output =
          out == null
              ? null
              : FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new JobFailure("cannot write " + out + ": " + e.getMessage());
    }
  }

  /** The file the blobs are in after the run: the output, or the input for a dry run. */
  @Override
  public String name() {
    return "jsonl:" + (out == null ? in : out).toAbsolutePath().normalize();
  }

  @Override
  public String fingerprint() {
    return "jsonl:"
        + in.toAbsolutePath().normalize()
        + " -> "
        + (out == null ? "(dry run)" : out.toAbsolutePath().normalize());
  }

  @Override
  public long estimate() throws IOException {
    try (Stream<String> lines = Files.lines(in, StandardCharsets.UTF_8)) {
      return lines.filter(line -> !line.isBlank()).count();
    }
  }

  @Override
  public void resumeAfter(Object position) throws IOException {
    long lines = 0;
    long outBytes = 0;
    if (position instanceof JsonObject json) {
      lines = json.getLong("lines");
      outBytes = json.getLong("outBytes");
    }
    for (long i = 0; i < lines; i++) {
      if (reader.readLine() == null) {
        throw new JobFailure(in + " is shorter than the checkpoint says: was it replaced?");
      }
    }
    linesRead = lines;
    linesCommitted = lines;
    if (output == null) {
      return;
    }
    if (output.size() < outBytes) {
      throw new JobFailure(out + " is shorter than the checkpoint says: was it replaced?");
    }
    output.truncate(outBytes);
    output.position(outBytes);
  }

  @Override
  public List<Row> read(int max) throws IOException {
    List<Row> rows = new ArrayList<>(max);
    String line;
    while (rows.size() < max && (line = reader.readLine()) != null) {
      linesRead++;
      rows.add(row(line, linesRead));
    }
    return rows;
  }

  @Override
  public Object positionAfter(List<Row> rows) {
    return linesRead;
  }

  @Override
  public List<Outcome> write(Page page, List<Outcome> outcomes) {
    return outcomes; // written in order by commit
  }

  @Override
  public Object commit(Page page, List<Outcome> outcomes) throws IOException {
    linesCommitted = (Long) page.end();
    if (output == null) {
      return new JsonObject().put("lines", linesCommitted).put("outBytes", 0);
    }
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < outcomes.size(); i++) {
      lines.append(answer(page.rows().get(i), outcomes.get(i)).encode()).append('\n');
    }
    OutputStream stream = Channels.newOutputStream(output);
    stream.write(lines.toString().getBytes(StandardCharsets.UTF_8));
    stream.flush();
    output.force(false);
    return new JsonObject().put("lines", linesCommitted).put("outBytes", output.position());
  }

  @Override
  public void close() throws IOException {
    reader.close();
    if (output != null) {
      output.close();
    }
  }

  /** A line that is not a JSON object with a string ciphertext is a row with an unusable blob. */
  private static Row row(String line, long number) {
    JsonObject json;
    try {
      json = new JsonObject(line);
    } catch (DecodeException e) {
      return Row.malformed("line " + number, "the line is not JSON");
    }
    Object ref = json.getValue("ref", "line " + number);
    Object ciphertext = json.getValue("ciphertext");
    if (ciphertext != null && !(ciphertext instanceof String)) {
      return Row.malformed(ref, "field 'ciphertext' is not a string");
    }
    Object routingKey = json.getValue("routingKey");
    return new Row(ref, (String) ciphertext, routingKey instanceof String key ? key : null);
  }

  private static JsonObject answer(Row row, Outcome outcome) {
    JsonObject json =
        new JsonObject()
            .put("ref", row.key())
            .put("ciphertext", outcome.blob())
            .put("keyVersion", outcome.version())
            .put("rewrapped", outcome.kind() == Outcome.Kind.REWRAPPED);
    if (outcome.problem() != null) {
      json.put("error", outcome.problem());
    }
    return json;
  }
}
