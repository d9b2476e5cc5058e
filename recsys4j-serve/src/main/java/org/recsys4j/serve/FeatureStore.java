package org.recsys4j.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.impressions.ImpressionDataset;
import org.recsys4j.data.impressions.NodeTable;

/**
 * The embedded feature store: the user and item node tables of an impression-log dataset ({@code
 * schema.yaml} with {@code users.csv} / {@code items.csv}), read once at start and held in memory
 * keyed by raw id. The impressions themselves are not read. Either table may be absent.
 *
 * @param users the user table, or null
 * @param items the item table, or null
 * @param source the directory read
 */
public record FeatureStore(NodeTable users, NodeTable items, Path source) {

  /** No tables: every feature is missing unless a request gives it. */
  public static FeatureStore empty() {
    return new FeatureStore(null, null, null);
  }

  /** Reads the node tables of the dataset in {@code dir}. */
  public static FeatureStore read(Path dir) {
    if (!Files.isRegularFile(dir.resolve("schema.yaml"))) {
      throw new IllegalArgumentException(
          "--nodes "
              + dir
              + ": expected a dataset directory with schema.yaml and users.csv / items.csv (the"
              + " impression-log layout recsys4j convert writes)");
    }
    return new FeatureStore(
        ImpressionDataset.nodeTable(dir, "users", BadRowPolicy.ERROR, null),
        ImpressionDataset.nodeTable(dir, "items", BadRowPolicy.ERROR, null),
        dir);
  }
}
