package org.recsys4j.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  @Test
  void roundTripsFloatsIntsAndMetadata() throws IOException {
    Map<String, SafeTensors.Entry> t = new LinkedHashMap<>();
    t.put(
        "w", SafeTensors.Entry.f32(new float[] {1f, -2.5f, 3e-8f, Float.MAX_VALUE, 0f, 6f}, 2, 3));
    t.put("ids", SafeTensors.Entry.i32(new int[] {7, -1, Integer.MAX_VALUE}, 3));
    t.put("times", SafeTensors.Entry.i64(new long[] {Long.MIN_VALUE, 1767225600123L}, 2));
    Path f = dir.resolve("m.safetensors");
    SafeTensors.write(f, t, Map.of("format", "pt"));
    Map<String, String> meta = new HashMap<>();
    Map<String, SafeTensors.Entry> back = SafeTensors.read(f, meta);
    assertThat(back.keySet()).containsExactly("w", "ids", "times");
    assertThat(back.get("times").longs()).containsExactly(Long.MIN_VALUE, 1767225600123L);
    assertThat(back.get("w").floats()).containsExactly(t.get("w").floats());
    assertThat(back.get("w").shape()).containsExactly(2, 3);
    assertThat(back.get("ids").ints()).containsExactly(7, -1, Integer.MAX_VALUE);
    assertThat(meta).containsEntry("format", "pt");
    // header length is little-endian and the data section is 8-byte aligned, as the reference
    // writer
    byte[] raw = Files.readAllBytes(f);
    long hlen =
        java.nio.ByteBuffer.wrap(raw, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(hlen % 8).isZero();
    assertThat(raw.length).isEqualTo(8 + hlen + 6 * 4 + 3 * 4 + 2 * 8);
    try (var s = Files.list(dir)) {
      assertThat(s.count()).as("no temporary files left").isEqualTo(1);
    }
    if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(f)))
          .isEqualTo("rw-r--r--");
    }
  }

  @Test
  void truncatedFileGetsAClearError() throws IOException {
    Path f = dir.resolve("m.safetensors");
    SafeTensors.write(f, Map.of("w", SafeTensors.Entry.f32(new float[100], 100)), null);
    byte[] raw = Files.readAllBytes(f);
    Files.write(f, java.util.Arrays.copyOf(raw, raw.length - 10));
    assertThatThrownBy(() -> SafeTensors.read(f, null))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("m.safetensors")
        .hasMessageContaining("tensor w");
    Files.writeString(f, "not a tensor file at all");
    assertThatThrownBy(() -> SafeTensors.read(f, null))
        .hasMessageContaining("not a safetensors file");
  }
}
