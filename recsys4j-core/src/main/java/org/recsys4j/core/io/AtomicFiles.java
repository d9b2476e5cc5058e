package org.recsys4j.core.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Write-to-temporary-then-rename helpers, so that no reader ever sees a half-written file. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * A temporary sibling of {@code target} in the same directory (so the rename is atomic). Temporary
   * files are created owner-only; the result is an ordinary output file, so it gets {@code rw-r--r--}
   * where the file system has POSIX permissions.
   */
  public static Path tempFor(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    setPermissions(tmp, "rw-r--r--");
    return tmp;
  }

  /** Sets POSIX permissions such as {@code rwxr-xr-x}; a no-op on file systems without them. */
  public static void setPermissions(Path p, String perms) throws IOException {
    try {
      Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep its defaults
    }
  }

  /** Renames {@code tmp} over {@code target}, atomically where the file system allows. */
  public static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Writes a UTF-8 text file atomically. */
  public static void writeString(Path target, String text) throws IOException {
    Path tmp = tempFor(target);
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write(text);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    moveIntoPlace(tmp, target);
  }

  /**
   * An empty directory beside {@code target} (same file system) to build a multi-file output in,
   * before {@link #replaceDirectory} puts it in place.
   */
  public static Path stagingDirectoryFor(Path target) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Files.createDirectories(abs.getParent());
    Path tmp = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".tmp-");
    setPermissions(tmp, "rwxr-xr-x");
    return tmp;
  }

  /**
   * Puts a fully written staging directory in place of {@code target}: an old target is moved aside
   * first and deleted only after the new one is in place, so a reader sees the old or the new
   * directory, never a mix.
   */
  public static void replaceDirectory(Path tmp, Path target) throws IOException {
    if (Files.exists(target)) {
      if (!Files.isDirectory(target)) {
        throw new IOException(target + " exists and is not a directory");
      }
      Path old = Files.createTempDirectory(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".old-");
      Files.delete(old);
      Files.move(target, old);
      Files.move(tmp, target);
      deleteTree(old);
    } else {
      Files.move(tmp, target);
    }
  }

  /** Deletes a directory tree (or a file); a missing path is fine. */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (java.util.stream.Stream<Path> s = Files.walk(p)) {
      for (Path q : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(q);
      }
    }
  }
}
