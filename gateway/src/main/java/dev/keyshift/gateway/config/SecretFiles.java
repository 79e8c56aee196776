package dev.keyshift.gateway.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/** Files that hold secrets: read trimmed, written owner-only (0600) and atomically. */
public final class SecretFiles {
  private SecretFiles() {}

  /** The file's text without surrounding white space (an editor's trailing newline). */
  public static String read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      throw new IOException(file + " is empty");
    }
    return text;
  }

  public static void writeAtomically(Path file, String text) throws IOException {
    writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The temp files {@link #writeAtomically} leaves beside {@code file} when killed mid-write. */
  public static List<Path> leftoverTemps(Path file) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    String prefix = "." + file.getFileName();
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> p.getFileName().toString().endsWith(".tmp"))
          .toList();
    }
  }

  /** Writes to a 0600 temp file beside the target, syncs it, then renames it into place. */
  public static void writeAtomically(Path file, byte[] bytes) throws IOException {
    writeAtomically(file, bytes, () -> {}, () -> {});
  }

  /**
   * {@link #writeAtomically(Path, byte[])}, running {@code tempWritten} once the synced temp file
   * exists and {@code renamed} once it is in place (before the folder is synced).
   */
  public static void writeAtomically(
      Path file, byte[] bytes, Runnable tempWritten, Runnable renamed) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path temp =
        Files.createTempFile(
            folder,
            "." + file.getFileName(),
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(bytes));
        channel.force(true);
      }
      tempWritten.run();
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      renamed.run();
    } finally {
      Files.deleteIfExists(temp);
    }
    // The rename is durable only once the folder's entry is on disk.
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
