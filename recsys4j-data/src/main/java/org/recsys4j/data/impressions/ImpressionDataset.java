package org.recsys4j.data.impressions;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.ctr.MovieLensCtr;

/**
 * A dataset directory in the impression-log contract: {@code impressions.csv[.gz]}, optional {@code
 * users.csv[.gz]} and {@code items.csv[.gz]}, and {@code schema.yaml} with an {@code impressions}
 * section and a {@code users} / {@code items} section per node table.
 *
 * @param fingerprint SHA-256 (first 16 hex digits) of the impressions as read and the node tables'
 *     ids and fields
 */
public record ImpressionDataset(
    Path dir, ImpressionLog log, NodeTable users, NodeTable items, String fingerprint) {

  /** True when {@code dir} looks like such a directory. */
  public static boolean isDataset(Path dir) {
    return Files.isRegularFile(dir.resolve("schema.yaml"))
        && Files.isRegularFile(MovieLensCtr.file(dir, "impressions.csv"));
  }

  /**
   * Reads the directory; {@code userFeatures} / {@code itemFeatures} keep only the named feature
   * columns of a node table (null: all; empty: none).
   */
  public static ImpressionDataset read(
      Path dir, BadRowPolicy policy, List<String> userFeatures, List<String> itemFeatures) {
    Path schemaFile = dir.resolve("schema.yaml");
    ImpressionSchema schema = ImpressionSchema.load(schemaFile);
    ImpressionLog log =
        ImpressionLog.read(MovieLensCtr.file(dir, "impressions.csv"), schema, policy);
    NodeTable users = nodeTable(dir, "users", policy, userFeatures);
    NodeTable items = nodeTable(dir, "items", policy, itemFeatures);
    return new ImpressionDataset(dir, log, users, items, fingerprint(log, users, items));
  }

  /**
   * The node table {@code section} ({@code users} or {@code items}) of the dataset in {@code dir},
   * without reading its impressions (a feature store loads only these); null when the schema has no
   * such section. {@code keep}: the feature columns to keep (null: all).
   */
  public static NodeTable nodeTable(
      Path dir, String section, BadRowPolicy policy, List<String> keep) {
    Path schemaFile = dir.resolve("schema.yaml");
    NodeSchema s = NodeSchema.load(schemaFile, section);
    Path file = MovieLensCtr.file(dir, section + ".csv");
    if (s == null) {
      if (Files.exists(file)) {
        throw new org.recsys4j.data.DataFormatException(
            schemaFile.toString(),
            0,
            "the dataset has "
                + file.getFileName()
                + " but the schema no '"
                + section
                + "' section");
      }
      return null;
    }
    if (!Files.exists(file)) {
      throw new org.recsys4j.data.DataFormatException(
          file.toString(), 0, "the schema has a '" + section + "' section but the file is missing");
    }
    if (keep != null) {
      s = s.keepFeatures(keep);
    }
    return NodeTable.read(file, s, policy);
  }

  static String fingerprint(ImpressionLog log, NodeTable users, NodeTable items) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer b = ByteBuffer.allocate(1 << 16);
      for (int k = 0; k < log.size(); k++) {
        if (b.remaining() < 32) {
          md.update(b.array(), 0, b.position());
          b.clear();
        }
        b.putInt(log.user(k)).putInt(log.item(k)).put((byte) log.label(k)).putLong(log.time(k));
        b.put((byte) log.edgeType(k));
      }
      md.update(b.array(), 0, b.position());
      for (int u = 0; u < log.users().size(); u++) {
        md.update(log.users().rawId(u).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      for (int i = 0; i < log.items().size(); i++) {
        md.update(log.items().rawId(i).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      for (NodeTable t : new NodeTable[] {users, items}) {
        if (t == null) {
          md.update((byte) 1);
          continue;
        }
        for (String id : t.ids()) {
          md.update(id.getBytes(StandardCharsets.UTF_8));
          for (String f : t.row(id)) {
            md.update((byte) 0);
            md.update(f.getBytes(StandardCharsets.UTF_8));
          }
          md.update((byte) 1);
        }
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
