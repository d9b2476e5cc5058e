package org.recsys4j.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Write-to-temporary-then-rename helpers, so that no reader ever sees a half-written file.
 *
 * <p>Only regular files (and new paths) are replaced by a rename. A symbolic link is followed and
 * its target written; a device, FIFO or socket ({@code /dev/null}, {@code /dev/stdout}, a named
 * pipe) is written through, never replaced; a directory is an error. Write errors (a full disk)
 * name the file.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * An output being written: {@link #stream()} the bytes, then {@link #commit()}; closing without a
   * commit discards a temporary file (the target keeps its old contents).
   */
  public static final class Output implements java.io.Closeable {
    private final Path target;
    private final Path tmp;
    private final java.io.OutputStream out;
    private boolean done;

    private Output(Path target, Path tmp, java.io.OutputStream raw) {
      this.target = target;
      this.tmp = tmp;
      this.out =
          new java.io.BufferedOutputStream(
              new java.io.FilterOutputStream(raw) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                  try {
                    out.write(b, off, len);
                  } catch (IOException e) {
                    throw named(e);
                  }
                }

                @Override
                public void flush() throws IOException {
                  try {
                    out.flush();
                  } catch (IOException e) {
                    throw named(e);
                  }
                }
              },
              1 << 16);
    }

    private IOException named(IOException e) {
      return new IOException("cannot write " + target + ": " + e.getMessage(), e);
    }

    /** Where the bytes go (buffered). */
    public java.io.OutputStream stream() {
      return out;
    }

    /** Flushes and puts the file in place. */
    public void commit() throws IOException {
      out.close();
      if (tmp != null) {
        moveIntoPlace(tmp, target);
      }
      done = true;
    }

    @Override
    public void close() throws IOException {
      if (done) {
        return;
      }
      done = true;
      try {
        out.close();
      } catch (IOException e) {
        // the write already failed; the temporary file is removed below
      }
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** Opens {@code target} for writing by the rules of this class. */
  public static Output open(Path target) throws IOException {
    Path real = resolve(target);
    if (Files.exists(real)
        && !Files.isRegularFile(real)) { // a device, FIFO or socket: write through
      return new Output(real, null, Files.newOutputStream(real));
    }
    Path tmp = tempFor(real);
    return new Output(real, tmp, Files.newOutputStream(tmp));
  }

  /** The path to write for {@code target}: symbolic links followed; a directory is an error. */
  static Path resolve(Path target) throws IOException {
    Path p = target;
    for (int hops = 0; Files.isSymbolicLink(p); hops++) {
      if (hops > 40) {
        throw new IOException(target + ": too many levels of symbolic links");
      }
      Path link = Files.readSymbolicLink(p);
      p = p.toAbsolutePath().getParent().resolve(link);
    }
    if (Files.isDirectory(p)) {
      throw new IOException(target + " is a directory; give a file name");
    }
    return p;
  }

  /**
   * A temporary sibling of {@code target} in the same directory (so the rename is atomic).
   * Temporary files are created owner-only; the result is an ordinary output file, so it gets
   * {@code rw-r--r--} where the file system has POSIX permissions.
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
      Files.setPosixFilePermissions(
          p, java.nio.file.attribute.PosixFilePermissions.fromString(perms));
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

  /** Writes a UTF-8 text file atomically (or through, for a device or FIFO). */
  public static void writeString(Path target, String text) throws IOException {
    try (Output o = open(target)) {
      o.stream().write(text.getBytes(StandardCharsets.UTF_8));
      o.commit();
    }
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
      Path old =
          Files.createTempDirectory(
              target.toAbsolutePath().getParent(), "." + target.getFileName() + ".old-");
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
