package dev.keyshift.bench.soak;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Every envelope the gateway issued during the soak (wraps, rewraps and lazy rewraps), on disk so
 * that all of them can be unwrapped at the end, plus the most recent ones in memory for the
 * traffic's unwraps. A plaintext is derived from its sequence number, so only the number is kept.
 */
final class Ledger implements AutoCloseable {
  /** An issued envelope: the plaintext's number, the version that wrapped it, the text. */
  record Entry(long seq, String version, String ciphertext) {}

  private static final int RECENT = 1 << 16;

  private final Path file;
  private final BufferedWriter out;
  private final Entry[] recent = new Entry[RECENT];
  private long issued;
  private long nextSeq;

  Ledger(Path file) throws IOException {
    this.file = file;
    this.out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
  }

  /** The 32 bytes wrapped under number {@code seq}. */
  static byte[] plaintext(long seq) {
    ByteBuffer bytes = ByteBuffer.allocate(32);
    long mix = seq;
    for (int i = 0; i < 4; i++) {
      mix = mix * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
      bytes.putLong(mix ^ (mix >>> 29));
    }
    return bytes.array();
  }

  static String plaintextBase64(long seq) {
    return Base64.getEncoder().encodeToString(plaintext(seq));
  }

  synchronized long nextSeq() {
    return nextSeq++;
  }

  synchronized void issued(Entry entry) {
    recent[(int) (issued % RECENT)] = entry;
    issued++;
    try {
      out.write(entry.seq() + " " + entry.version() + " " + entry.ciphertext() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A random recently issued envelope, or null before the first. */
  synchronized Entry pick() {
    if (issued == 0) {
      return null;
    }
    int bound = (int) Math.min(issued, RECENT);
    return recent[ThreadLocalRandom.current().nextInt(bound)];
  }

  synchronized long issued() {
    return issued;
  }

  /** Hands every issued envelope to {@code each}, oldest first. */
  void replay(Consumer<Entry> each) throws IOException {
    synchronized (this) {
      out.flush();
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] parts = line.split(" ", 3);
        each.accept(new Entry(Long.parseLong(parts[0]), parts[1], parts[2]));
      }
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
