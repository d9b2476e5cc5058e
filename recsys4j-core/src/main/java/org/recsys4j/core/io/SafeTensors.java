package org.recsys4j.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format (an 8-byte little-endian header length, a JSON header of
 * names, dtypes, shapes and byte ranges, then raw little-endian data), so that PyTorch, JAX and
 * NumPy users load our weights with {@code safetensors.torch.load_file}. Supports F32, I32 and I64.
 * Writes go to a temporary file that is renamed into place.
 */
public final class SafeTensors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;

  private SafeTensors() {}

  /**
   * One named array with its shape: {@code data} is a {@code float[]}, an {@code int[]} or a {@code
   * long[]}.
   */
  public static final class Entry {
    private final int[] shape;
    private final Object data;

    private Entry(int[] shape, Object data) {
      this.shape = shape.clone();
      this.data = data;
    }

    public static Entry f32(float[] data, int... shape) {
      check(data.length, shape);
      return new Entry(shape, data);
    }

    public static Entry i32(int[] data, int... shape) {
      check(data.length, shape);
      return new Entry(shape, data);
    }

    public static Entry i64(long[] data, int... shape) {
      check(data.length, shape);
      return new Entry(shape, data);
    }

    private static void check(int len, int[] shape) {
      long n = 1;
      for (int s : shape) {
        n *= s;
      }
      if (n != len) {
        throw new IllegalArgumentException(
            "shape " + java.util.Arrays.toString(shape) + " has " + n + " elements, data " + len);
      }
    }

    public int[] shape() {
      return shape.clone();
    }

    public float[] floats() {
      if (!(data instanceof float[])) {
        throw new IllegalStateException("tensor is " + dtype() + ", not F32");
      }
      return (float[]) data;
    }

    public int[] ints() {
      if (!(data instanceof int[])) {
        throw new IllegalStateException("tensor is " + dtype() + ", not I32");
      }
      return (int[]) data;
    }

    public long[] longs() {
      if (!(data instanceof long[])) {
        throw new IllegalStateException("tensor is " + dtype() + ", not I64");
      }
      return (long[]) data;
    }

    String dtype() {
      return data instanceof float[] ? "F32" : data instanceof int[] ? "I32" : "I64";
    }

    int length() {
      return data instanceof float[]
          ? ((float[]) data).length
          : data instanceof int[] ? ((int[]) data).length : ((long[]) data).length;
    }

    int elementBytes() {
      return data instanceof long[] ? 8 : 4;
    }
  }

  /** Writes tensors (in the map's order) and string metadata atomically. */
  public static void write(Path file, Map<String, Entry> tensors, Map<String, String> metadata)
      throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (metadata != null && !metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long off = 0;
    for (Map.Entry<String, Entry> e : tensors.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", e.getValue().dtype());
      var shape = t.putArray("shape");
      for (int s : e.getValue().shape) {
        shape.add(s);
      }
      long bytes = (long) e.getValue().elementBytes() * e.getValue().length();
      t.putArray("data_offsets").add(off).add(off + bytes);
      off += bytes;
    }
    byte[] hdr = JSON.writeValueAsBytes(header);
    int pad = (8 - hdr.length % 8) % 8; // align data to 8 bytes as the reference writer does
    byte[] padded = new byte[hdr.length + pad];
    System.arraycopy(hdr, 0, padded, 0, hdr.length);
    for (int i = hdr.length; i < padded.length; i++) {
      padded[i] = ' ';
    }
    try (AtomicFiles.Output o = AtomicFiles.open(file)) {
      OutputStream out = o.stream();
      ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded.length);
      out.write(len.array());
      out.write(padded);
      ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (Entry e : tensors.values()) {
        int n = e.length();
        for (int i = 0; i < n; i++) {
          if (buf.remaining() < 8) {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
          }
          if (e.data instanceof float[] f) {
            buf.putFloat(f[i]);
          } else if (e.data instanceof int[] a) {
            buf.putInt(a[i]);
          } else {
            buf.putLong(((long[]) e.data)[i]);
          }
        }
      }
      out.write(buf.array(), 0, buf.position());
      o.commit();
    }
  }

  /** Reads every tensor of a file; metadata is put into {@code metadataOut} when not null. */
  public static Map<String, Entry> read(Path file, Map<String, String> metadataOut)
      throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new IOException(file + ": not a safetensors file (only " + size + " bytes)");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long hlen = lenBuf.flip().getLong();
      if (hlen <= 0 || hlen > MAX_HEADER || 8 + hlen > size) {
        throw new IOException(
            file
                + ": not a safetensors file (header length "
                + hlen
                + ", file "
                + size
                + " bytes)");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) hlen);
      readFully(ch, hb, 8);
      JsonNode header;
      try {
        header = JSON.readTree(new String(hb.array(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IOException(file + ": damaged safetensors header: " + e.getMessage(), e);
      }
      long dataStart = 8 + hlen;
      Map<String, Entry> out = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = header.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().equals("__metadata__")) {
          if (metadataOut != null) {
            f.getValue()
                .fields()
                .forEachRemaining(m -> metadataOut.put(m.getKey(), m.getValue().asText()));
          }
          continue;
        }
        out.put(f.getKey(), readEntry(ch, file, f.getKey(), f.getValue(), dataStart, size));
      }
      return out;
    }
  }

  private static Entry readEntry(
      FileChannel ch, Path file, String name, JsonNode t, long dataStart, long size)
      throws IOException {
    String dtype = t.path("dtype").asText();
    List<Integer> shapeList = new ArrayList<>();
    t.path("shape").forEach(s -> shapeList.add(s.asInt()));
    int[] shape = shapeList.stream().mapToInt(Integer::intValue).toArray();
    long begin = t.path("data_offsets").path(0).asLong(-1);
    long end = t.path("data_offsets").path(1).asLong(-1);
    long n = 1;
    for (int s : shape) {
      n *= s;
    }
    if (!dtype.equals("F32") && !dtype.equals("I32") && !dtype.equals("I64")) {
      throw new IOException(
          file + ": tensor " + name + " has dtype " + dtype + ", expected F32, I32 or I64");
    }
    int width = dtype.equals("I64") ? 8 : 4;
    if (begin < 0 || end != begin + width * n || dataStart + end > size) {
      throw new IOException(
          file
              + ": tensor "
              + name
              + " has bad data_offsets ["
              + begin
              + ", "
              + end
              + "] for shape "
              + shapeList
              + " (file truncated or damaged?)");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) (width * n)).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, buf, dataStart + begin);
    buf.flip();
    if (dtype.equals("I64")) {
      long[] d = new long[(int) n];
      buf.asLongBuffer().get(d);
      return new Entry(shape, d);
    }
    if (dtype.equals("F32")) {
      float[] d = new float[(int) n];
      buf.asFloatBuffer().get(d);
      return new Entry(shape, d);
    }
    int[] d = new int[(int) n];
    buf.asIntBuffer().get(d);
    return new Entry(shape, d);
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw new IOException("unexpected end of file");
      }
      pos += r;
    }
  }
}
