package org.recsys4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.data.IdMap;

/**
 * Writes user and item embedding tables keyed by raw id, the way a feature store ingests them:
 * {@code users.csv}/{@code items.csv} ({@code raw_id,e0..eD-1}), {@code embeddings.safetensors}
 * ({@code user_embedding}, {@code item_embedding}, with {@code users.txt}/{@code items.txt}) and
 * {@code version.json}: a version id that is a hash of the vectors themselves (the same model over
 * the same graph gives the same version), the producing bundle, its dataset fingerprint, the
 * graph's cut time and the dimension. Every file is written to a temporary name and renamed.
 */
final class EmbeddingWriter {
  private EmbeddingWriter() {}

  /** Checks {@code formats} before anything is created on disk. */
  static void checkFormats(String[] formats) {
    for (String f : formats) {
      if (!f.equals("csv") && !f.equals("safetensors")) {
        throw new IllegalArgumentException(
            "--format: unknown '" + f + "', expected csv, safetensors or both");
      }
    }
  }

  /** The content hash of the vectors: the first 16 hex digits of SHA-256. */
  static String version(float[] users, float[] items) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer b = ByteBuffer.allocate(4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
      for (float[] a : new float[][] {users, items}) {
        for (int i = 0; i < a.length; i += 4096) {
          b.clear();
          int n = Math.min(4096, a.length - i);
          b.asFloatBuffer().put(a, i, n);
          md.update(b.array(), 0, 4 * n);
        }
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes the tables; {@code info} goes into version.json and the safetensors metadata. */
  static void write(
      Path out,
      String[] formats,
      IdMap users,
      float[] userVectors,
      IdMap items,
      float[] itemVectors,
      int dim,
      Map<String, Object> info)
      throws IOException {
    write(out, formats, users, userVectors, items, itemVectors, dim, info, null, null);
  }

  /**
   * As above, with the cold-start vectors of a link model ({@code user_cold}, {@code item_cold} in
   * the safetensors file; null: none).
   */
  static void write(
      Path out,
      String[] formats,
      IdMap users,
      float[] userVectors,
      IdMap items,
      float[] itemVectors,
      int dim,
      Map<String, Object> info,
      float[] userCold,
      float[] itemCold)
      throws IOException {
    Files.createDirectories(out);
    for (String f : formats) {
      if (f.equals("csv")) {
        writeCsv(out.resolve("users.csv"), users, userVectors, dim);
        writeCsv(out.resolve("items.csv"), items, itemVectors, dim);
      } else {
        Map<String, SafeTensors.Entry> t = new LinkedHashMap<>();
        t.put("user_embedding", SafeTensors.Entry.f32(userVectors, users.size(), dim));
        t.put("item_embedding", SafeTensors.Entry.f32(itemVectors, items.size(), dim));
        if (userCold != null) {
          t.put("user_cold", SafeTensors.Entry.f32(userCold, dim));
          t.put("item_cold", SafeTensors.Entry.f32(itemCold, dim));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        info.forEach((k, v) -> meta.put(k, String.valueOf(v)));
        SafeTensors.write(out.resolve("embeddings.safetensors"), t, meta);
        users.save(out.resolve("users.txt"));
        items.save(out.resolve("items.txt"));
      }
    }
    if (info.containsKey("version")) {
      AtomicFiles.writeString(
          out.resolve("version.json"),
          new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(info) + "\n");
    }
  }

  private static void writeCsv(Path file, IdMap ids, float[] emb, int d) throws IOException {
    try (AtomicFiles.Output o = AtomicFiles.open(file)) {
      BufferedWriter w =
          new BufferedWriter(new java.io.OutputStreamWriter(o.stream(), StandardCharsets.UTF_8));
      w.write("raw_id");
      for (int j = 0; j < d; j++) {
        w.write(",e" + j);
      }
      w.newLine();
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.rawId(i);
        w.write(id.contains(",") || id.contains("\"") ? '"' + id.replace("\"", "\"\"") + '"' : id);
        for (int j = 0; j < d; j++) {
          w.write(',');
          w.write(Float.toString(emb[i * d + j]));
        }
        w.newLine();
      }
      w.flush();
      o.commit();
    }
  }
}
