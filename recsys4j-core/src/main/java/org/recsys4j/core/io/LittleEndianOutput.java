package org.recsys4j.core.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A buffered writer of little-endian primitives into a new file: the byte order of safetensors and
 * of every x86/ARM reader, so columns written here can be memory-mapped and read without swapping.
 */
public final class LittleEndianOutput implements Closeable {
  private final FileChannel channel;
  private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
  private long written;

  public LittleEndianOutput(Path file) throws IOException {
    channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  private void room(int bytes) throws IOException {
    if (buf.remaining() < bytes) {
      flush();
    }
  }

  public void writeFloat(float v) throws IOException {
    room(4);
    buf.putFloat(v);
  }

  public void writeInt(int v) throws IOException {
    room(4);
    buf.putInt(v);
  }

  public void writeLong(long v) throws IOException {
    room(8);
    buf.putLong(v);
  }

  /** Bytes written so far (buffered ones included). */
  public long position() {
    return written + buf.position();
  }

  private void flush() throws IOException {
    buf.flip();
    while (buf.hasRemaining()) {
      written += channel.write(buf);
    }
    buf.clear();
  }

  /** Flushes, forces the bytes to the device and closes. */
  @Override
  public void close() throws IOException {
    try {
      flush();
      channel.force(true);
    } finally {
      channel.close();
    }
  }
}
