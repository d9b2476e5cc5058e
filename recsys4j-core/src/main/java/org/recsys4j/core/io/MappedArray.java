package org.recsys4j.core.io;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only, memory-mapped file of little-endian 4-byte or 8-byte elements, indexed by long. A
 * single mapping stops at 2 GiB, so larger files are mapped in segments of {@value #SEGMENT_BYTES}
 * bytes; the operating system's page cache keeps the data across epochs and runs, and the heap
 * holds none of it.
 */
public final class MappedArray {
  private static final int SEGMENT_SHIFT = 30;
  static final long SEGMENT_BYTES = 1L << SEGMENT_SHIFT;
  private static final long SEGMENT_MASK = SEGMENT_BYTES - 1;

  private final MappedByteBuffer[] segments;
  private final long length;
  private final String name;

  private MappedArray(String name, MappedByteBuffer[] segments, long length) {
    this.name = name;
    this.segments = segments;
    this.length = length;
  }

  /**
   * Maps {@code file}, which must hold exactly {@code expected} elements of {@code elementBytes}
   * bytes (4 or 8); a short or long file is an error that names it.
   */
  public static MappedArray open(Path file, int elementBytes, long expected) throws IOException {
    if (elementBytes != 4 && elementBytes != 8) {
      throw new IllegalArgumentException("element size " + elementBytes);
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size != expected * elementBytes) {
        throw new IOException(
            file
                + ": expected "
                + expected
                + " elements of "
                + elementBytes
                + " bytes ("
                + expected * elementBytes
                + " bytes), found "
                + size
                + " bytes");
      }
      int n = (int) ((size + SEGMENT_BYTES - 1) / SEGMENT_BYTES);
      MappedByteBuffer[] segs = new MappedByteBuffer[n];
      for (int i = 0; i < n; i++) {
        long from = i * SEGMENT_BYTES;
        segs[i] = ch.map(FileChannel.MapMode.READ_ONLY, from, Math.min(SEGMENT_BYTES, size - from));
        segs[i].order(ByteOrder.LITTLE_ENDIAN);
      }
      return new MappedArray(file.toString(), segs, expected);
    }
  }

  public long length() {
    return length;
  }

  public String name() {
    return name;
  }

  // Element sizes divide the segment size, so an element never straddles two segments.
  public float getFloat(long i) {
    long b = i << 2;
    return segments[(int) (b >>> SEGMENT_SHIFT)].getFloat((int) (b & SEGMENT_MASK));
  }

  public int getInt(long i) {
    long b = i << 2;
    return segments[(int) (b >>> SEGMENT_SHIFT)].getInt((int) (b & SEGMENT_MASK));
  }

  public long getLong(long i) {
    long b = i << 3;
    return segments[(int) (b >>> SEGMENT_SHIFT)].getLong((int) (b & SEGMENT_MASK));
  }
}
