package org.recsys4j.data.ctr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.recsys4j.core.io.MappedArray;
import org.recsys4j.data.DataFormatException;

/**
 * A processed click log on disk, memory-mapped: written once by {@code recsys4j preprocess} or
 * {@code generate} ({@link CtrDatasetWriter}) and read by every epoch and run after, without
 * parsing text again and without holding the rows on the heap. Rows are read into a {@link
 * CtrBatch} by index, so an epoch can visit them in any (shuffled) order.
 */
public final class CtrDataset {
  static final String FORMAT = "recsys4j-ctr-dataset";
  static final String META = "meta.json";
  static final String LABELS = "labels.f32";
  static final String DENSE = "dense.f32";
  static final String CAT = "categorical.i32";

  static String multiOffsets(int k) {
    return "multi_hot_" + k + ".offsets.i64";
  }

  static String multiIds(int k) {
    return "multi_hot_" + k + ".ids.i32";
  }

  private final Path dir;
  private final JsonNode meta;
  private final long rows;
  private final int denseCount;
  private final int catCount;
  private final int[] cardinalities;
  private final int[] multiCardinalities;
  private final MappedArray labels;
  private final MappedArray dense;
  private final MappedArray cat;
  private final MappedArray[] multiOff;
  private final MappedArray[] multiIds;

  /**
   * The first stored row of this view; rows {@code [first, first + rows)} of the files are visible.
   */
  private final long first;

  /**
   * For a view of chosen rows: the stored row of each of its rows (null for a contiguous range).
   */
  private final long[] picked;

  private CtrDataset(Path dir, JsonNode meta) throws IOException {
    this.dir = dir;
    this.meta = meta;
    this.first = 0;
    this.picked = null;
    this.rows = meta.path("rows").asLong();
    this.denseCount = meta.path("dense").size();
    this.catCount = meta.path("categorical").size();
    this.cardinalities = ints(meta.path("cardinalities"));
    this.multiCardinalities = ints(meta.path("multi_hot_cardinalities"));
    if (cardinalities.length != catCount) {
      throw new DataFormatException(
          dir.resolve(META).toString(), 0, "cardinalities do not match the categorical columns");
    }
    this.labels = MappedArray.open(dir.resolve(LABELS), 4, rows);
    this.dense = MappedArray.open(dir.resolve(DENSE), 4, rows * denseCount);
    this.cat = MappedArray.open(dir.resolve(CAT), 4, rows * catCount);
    int m = multiCardinalities.length;
    this.multiOff = new MappedArray[m];
    this.multiIds = new MappedArray[m];
    for (int k = 0; k < m; k++) {
      multiOff[k] = MappedArray.open(dir.resolve(multiOffsets(k)), 8, rows + 1);
      multiIds[k] = MappedArray.open(dir.resolve(multiIds(k)), 4, multiOff[k].getLong(rows));
    }
  }

  private CtrDataset(CtrDataset whole, long first, long rows, long[] picked) {
    this.dir = whole.dir;
    this.meta = whole.meta;
    this.first = picked == null ? whole.first + first : 0;
    this.picked = picked;
    this.rows = rows;
    this.denseCount = whole.denseCount;
    this.catCount = whole.catCount;
    this.cardinalities = whole.cardinalities;
    this.multiCardinalities = whole.multiCardinalities;
    this.labels = whole.labels;
    this.dense = whole.dense;
    this.cat = whole.cat;
    this.multiOff = whole.multiOff;
    this.multiIds = whole.multiIds;
  }

  /**
   * Rows {@code [from, to)} of this dataset as a dataset of their own (no copy): how a holdout or a
   * validation split is cut from the end of a training log.
   */
  public CtrDataset slice(long from, long to) {
    if (from < 0 || to > rows || from > to) {
      throw new IllegalArgumentException(
          "rows [" + from + ", " + to + ") outside [0, " + rows + ") of " + this);
    }
    if (picked != null) {
      return new CtrDataset(
          this, 0, to - from, java.util.Arrays.copyOfRange(picked, (int) from, (int) to));
    }
    return new CtrDataset(this, from, to - from, null);
  }

  /**
   * This dataset split in two by a seeded coin per row: rows whose coin falls under {@code share}
   * (in their order) and the others. For a validation split of a log in no particular time order
   * (MovieLens sorted by user, generated rows), where the last rows would be one group of users.
   */
  public CtrDataset[] splitRandom(double share, long seed) {
    if (rows > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(this + ": too many rows for a random split");
    }
    long[] in = new long[(int) rows];
    long[] out = new long[(int) rows];
    int ni = 0;
    int no = 0;
    org.recsys4j.core.Rng rng = org.recsys4j.core.Rng.derive(seed, 0x5A117);
    for (long r = 0; r < rows; r++) {
      long stored = stored(r);
      if (rng.nextDouble() < share) {
        in[ni++] = stored;
      } else {
        out[no++] = stored;
      }
    }
    return new CtrDataset[] {
      new CtrDataset(this, 0, ni, java.util.Arrays.copyOf(in, ni)),
      new CtrDataset(this, 0, no, java.util.Arrays.copyOf(out, no))
    };
  }

  /** The stored row of row {@code r} of this view. */
  private long stored(long r) {
    return picked != null ? picked[(int) r] : first + r;
  }

  /** True when this is a part of the stored rows rather than all of them. */
  public boolean isSlice() {
    return picked != null || first != 0 || rows != meta.path("rows").asLong();
  }

  /** The directory, with the row range when this is a slice: for messages. */
  @Override
  public String toString() {
    if (picked != null) {
      return dir + " (" + rows + " chosen rows)";
    }
    return isSlice() ? dir + " rows [" + first + ", " + (first + rows) + ")" : dir.toString();
  }

  private static int[] ints(JsonNode arr) {
    int[] out = new int[arr.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = arr.get(i).asInt();
    }
    return out;
  }

  /**
   * Opens a dataset directory; a missing, foreign or truncated one is an error that names the file.
   */
  public static CtrDataset open(Path dir) {
    Path metaFile = dir.resolve(META);
    try {
      JsonNode meta = new ObjectMapper().readTree(Files.readString(metaFile));
      if (!FORMAT.equals(meta.path("format").asText())) {
        throw new DataFormatException(
            metaFile.toString(),
            0,
            "not a recsys4j CTR dataset (format '" + meta.path("format").asText() + "')");
      }
      return new CtrDataset(dir, meta);
    } catch (NoSuchFileException e) {
      throw new DataFormatException(
          metaFile.toString(),
          0,
          "no processed CTR dataset here: run 'recsys4j preprocess' or 'recsys4j generate' first");
    } catch (IOException e) {
      throw new DataFormatException(dir.toString(), 0, "unreadable CTR dataset: " + e.getMessage());
    }
  }

  public Path directory() {
    return dir;
  }

  public long rows() {
    return rows;
  }

  public long positives() {
    if (!isSlice()) {
      return meta.path("positives").asLong();
    }
    long p = 0;
    for (long r = 0; r < rows; r++) {
      p += labels.getFloat(stored(r)) > 0.5f ? 1 : 0;
    }
    return p;
  }

  public int denseCount() {
    return denseCount;
  }

  public int catCount() {
    return catCount;
  }

  public int multiHotCount() {
    return multiCardinalities.length;
  }

  public int[] cardinalities() {
    return cardinalities.clone();
  }

  public int[] multiHotCardinalities() {
    return multiCardinalities.clone();
  }

  public List<String> denseNames() {
    return names("dense");
  }

  public List<String> categoricalNames() {
    return names("categorical");
  }

  public List<String> multiHotNames() {
    return names("multi_hot");
  }

  private List<String> names(String key) {
    List<String> out = new ArrayList<>();
    meta.path(key).forEach(n -> out.add(n.asText()));
    return out;
  }

  /** An entry of the {@code extra} metadata (source file, teacher AUC, ...), or a missing node. */
  public JsonNode extra(String key) {
    return meta.path("extra").path(key);
  }

  public float label(long row) {
    return labels.getFloat(stored(row));
  }

  /** The encoded value of categorical column {@code column} in {@code row}. */
  public int categorical(long row, int column) {
    return cat.getInt(stored(row) * catCount + column);
  }

  /**
   * A short fingerprint of the processed data: SHA-256 of its metadata and fitted transforms (and
   * the row range of a slice), 16 hex digits.
   */
  public String fingerprint() {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      md.update(Files.readAllBytes(dir.resolve(META)));
      md.update(Files.readAllBytes(dir.resolve(CtrTransforms.FILE)));
      if (isSlice()) {
        md.update(("rows " + first + " " + rows).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (picked != null) {
          java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 * picked.length);
          b.asLongBuffer().put(picked);
          md.update(b.array());
        }
      }
      return java.util.HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fitted transforms saved with the data. */
  public CtrTransforms transforms() {
    return CtrTransforms.load(dir);
  }

  /** Reads rows {@code order[from, from+n)} into {@code batch} (in that order). */
  public void fill(int[] order, int from, int n, CtrBatch batch) {
    batch.setSize(n);
    for (int k = 0; k < multiOff.length; k++) {
      batch.multiOffsets[k][0] = 0;
    }
    for (int i = 0; i < n; i++) {
      long r = order[from + i];
      if (r < 0 || r >= rows) {
        throw new IllegalArgumentException("row " + r + " outside [0, " + rows + ") of " + this);
      }
      r = stored(r);
      batch.labels[i] = labels.getFloat(r);
      long d0 = r * denseCount;
      for (int j = 0; j < denseCount; j++) {
        batch.dense[i * denseCount + j] = dense.getFloat(d0 + j);
      }
      long c0 = r * catCount;
      for (int j = 0; j < catCount; j++) {
        batch.cat[i * catCount + j] = cat.getInt(c0 + j);
      }
      for (int k = 0; k < multiOff.length; k++) {
        long a = multiOff[k].getLong(r);
        long b = multiOff[k].getLong(r + 1);
        int at = batch.multiOffsets[k][i];
        batch.ensureMultiIds(k, at + (int) (b - a));
        for (long t = a; t < b; t++) {
          batch.multiIds[k][at++] = multiIds[k].getInt(t);
        }
        batch.multiOffsets[k][i + 1] = at;
      }
    }
  }
}
