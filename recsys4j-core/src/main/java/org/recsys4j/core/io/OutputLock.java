package org.recsys4j.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer per output: {@code .<name>.lock} beside the output holds an operating-system lock and
 * the owner's pid while a run writes it. A second run into the same output fails at once, naming
 * the owner, instead of sharing its checkpoint and racing it to the bundle. The lock dies with its
 * process, so a killed run never leaves the output locked.
 */
public final class OutputLock implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Locks {@code output} for this process, or fails naming the process that holds it. */
  public static OutputLock acquire(Path output) {
    Path abs = output.toAbsolutePath().normalize();
    Path file = abs.resolveSibling("." + abs.getFileName() + ".lock");
    try {
      Files.createDirectories(abs.getParent());
      FileChannel ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null; // held by this JVM
      }
      if (l == null) {
        String owner = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        ch.close();
        throw new IllegalStateException(
            abs
                + " is being written by another run ("
                + (owner.isEmpty() ? "pid unknown" : owner)
                + "); wait for it to finish or choose another output");
      }
      ch.truncate(0);
      ch.write(
          ByteBuffer.wrap(
              ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      return new OutputLock(file, ch, l);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(file); // while still holding the lock, so no other run sees it half-gone
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release " + file + ": " + e.getMessage(), e);
    }
  }
}
