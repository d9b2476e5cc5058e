package org.recsys4j.data.ctr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.core.io.LittleEndianOutput;

/**
 * Streams processed rows into a {@link CtrDataset} directory: one little-endian column file per
 * kind (labels, dense values row-major, categorical rows row-major, and per multi-hot column its
 * offsets and ids), plus {@code meta.json}. Everything is written into a staging directory beside
 * the target and renamed into place by {@link #commit}, so a killed run leaves no half dataset;
 * {@link #close} without commit discards it.
 */
public final class CtrDatasetWriter implements Closeable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path target;
  private final Path staging;
  private final CtrTransforms transforms;
  private final LittleEndianOutput labels;
  private final LittleEndianOutput dense;
  private final LittleEndianOutput cat;
  private final LittleEndianOutput[] multiOff;
  private final LittleEndianOutput[] multiIds;
  private final long[] multiTotal;
  private long rows;
  private long positives;
  private boolean done;

  public CtrDatasetWriter(Path target, CtrTransforms transforms) throws IOException {
    this.target = target.toAbsolutePath().normalize();
    this.staging = AtomicFiles.stagingDirectoryFor(this.target);
    this.transforms = transforms;
    this.labels = new LittleEndianOutput(staging.resolve(CtrDataset.LABELS));
    this.dense = new LittleEndianOutput(staging.resolve(CtrDataset.DENSE));
    this.cat = new LittleEndianOutput(staging.resolve(CtrDataset.CAT));
    int m = transforms.multiHotCount();
    this.multiOff = new LittleEndianOutput[m];
    this.multiIds = new LittleEndianOutput[m];
    this.multiTotal = new long[m];
    for (int k = 0; k < m; k++) {
      multiOff[k] = new LittleEndianOutput(staging.resolve(CtrDataset.multiOffsets(k)));
      multiIds[k] = new LittleEndianOutput(staging.resolve(CtrDataset.multiIds(k)));
      multiOff[k].writeLong(0);
    }
  }

  /** Appends one processed row. */
  public void append(float label, float[] denseRow, int[] catRow, int[][] multiRow) {
    try {
      labels.writeFloat(label);
      positives += label > 0.5f ? 1 : 0;
      for (int i = 0; i < transforms.denseCount(); i++) {
        dense.writeFloat(denseRow[i]);
      }
      for (int i = 0; i < transforms.categoricalCount(); i++) {
        cat.writeInt(catRow[i]);
      }
      for (int k = 0; k < multiOff.length; k++) {
        for (int id : multiRow[k]) {
          multiIds[k].writeInt(id);
        }
        multiTotal[k] += multiRow[k].length;
        multiOff[k].writeLong(multiTotal[k]);
      }
      rows++;
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + target + ": " + e.getMessage(), e);
    }
  }

  public long rows() {
    return rows;
  }

  /**
   * Finishes the files, writes {@code meta.json} (with {@code extra} entries such as the source and
   * a teacher's AUC) and the transforms, and renames the dataset into place.
   */
  public void commit(Map<String, Object> extra) throws IOException {
    closeFiles();
    ObjectNode meta = JSON.createObjectNode();
    meta.put("format", CtrDataset.FORMAT);
    meta.put("version", 1);
    meta.put("rows", rows);
    meta.put("positives", positives);
    ArrayNode dn = meta.putArray("dense");
    transforms.denseNames().forEach(dn::add);
    ArrayNode cn = meta.putArray("categorical");
    transforms.schema().names(ColumnRole.CATEGORICAL).forEach(cn::add);
    ArrayNode card = meta.putArray("cardinalities");
    for (int c : transforms.cardinalities()) {
      card.add(c);
    }
    ArrayNode mn = meta.putArray("multi_hot");
    transforms.schema().names(ColumnRole.MULTI_HOT).forEach(mn::add);
    ArrayNode mcard = meta.putArray("multi_hot_cardinalities");
    for (int c : transforms.multiHotCardinalities()) {
      mcard.add(c);
    }
    ArrayNode mt = meta.putArray("multi_hot_ids");
    for (long t : multiTotal) {
      mt.add(t);
    }
    ObjectNode ex = meta.putObject("extra");
    extra.forEach((k, v) -> ex.set(k, JSON.valueToTree(v)));
    transforms.save(staging);
    AtomicFiles.writeString(
        staging.resolve(CtrDataset.META),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(meta));
    AtomicFiles.replaceDirectory(staging, target);
    done = true;
  }

  private void closeFiles() throws IOException {
    labels.close();
    dense.close();
    cat.close();
    for (int k = 0; k < multiOff.length; k++) {
      multiOff[k].close();
      multiIds[k].close();
    }
  }

  /** Discards the staging directory unless {@link #commit} succeeded. */
  @Override
  public void close() throws IOException {
    if (!done) {
      try {
        closeFiles();
      } catch (IOException ignored) {
        // being discarded anyway
      }
      AtomicFiles.deleteTree(staging);
    }
  }
}
