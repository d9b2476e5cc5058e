package org.recsys4j.data.ctr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.recsys4j.data.impressions.ImpressionDataset;
import org.recsys4j.data.impressions.ImpressionLog;
import org.recsys4j.data.impressions.NodeSchema;
import org.recsys4j.data.impressions.NodeTable;

/**
 * An impression log as click rows for the CTR models: one row per impression, in time order, with
 * the label, the user and item ids (categorical columns {@code user} and {@code item}) and the
 * features of both node tables joined by id ({@code user_<column>}, {@code item_<column>}; a text
 * column becomes a multi-hot bag of its lower-cased words). Held out by time: the test rows are the
 * impressions at or after the cut that leaves {@code holdout} of them later, the same cut a
 * temporal link split makes, so a graph model and a CTR model on one log are scored on the same
 * impressions.
 */
public final class ImpressionCtr {
  private final ImpressionDataset ds;
  private final CtrSchema schema;
  private final int[] order;
  private final long cut;
  private final long trainFrom;
  private final NodeFeatureFiller userFiller;
  private final NodeFeatureFiller itemFiller;

  private ImpressionCtr(ImpressionDataset ds, double holdout, long trainFrom) {
    this.trainFrom = trainFrom;
    this.ds = ds;
    ImpressionLog log = ds.log();
    List<CtrColumn> cols = new ArrayList<>();
    cols.add(new CtrColumn("label", ColumnRole.LABEL));
    cols.add(new CtrColumn("user", ColumnRole.CATEGORICAL));
    cols.add(new CtrColumn("item", ColumnRole.CATEGORICAL));
    addColumns(cols, "user_", ds.users());
    addColumns(cols, "item_", ds.items());
    this.schema = new CtrSchema(cols, ',', true);
    this.userFiller =
        ds.users() == null ? null : new NodeFeatureFiller(schema, "user_", ds.users().schema());
    this.itemFiller =
        ds.items() == null ? null : new NodeFeatureFiller(schema, "item_", ds.items().schema());
    Integer[] idx = new Integer[log.size()];
    for (int k = 0; k < idx.length; k++) {
      idx[k] = k;
    }
    Arrays.sort(idx, (a, b) -> Long.compare(log.time(a), log.time(b))); // stable
    this.order = Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    if (holdout > 0) {
      if (!log.timed()) {
        throw new IllegalArgumentException(
            log.source() + ": holding out the latest impressions needs a timestamp column");
      }
      this.cut = log.time(order[(int) ((1 - holdout) * order.length)]);
    } else {
      this.cut = Long.MAX_VALUE;
    }
  }

  /** The click rows of {@code ds} with the latest {@code holdout} share of time held out. */
  public static ImpressionCtr of(ImpressionDataset ds, double holdout) {
    return new ImpressionCtr(ds, holdout, Long.MIN_VALUE);
  }

  /**
   * As {@link #of(ImpressionDataset, double)}, training only on the impressions at or after {@code
   * trainFrom} (epoch seconds): the earlier ones built the graph whose embeddings the rows join,
   * and would see their own labels in them.
   */
  public static ImpressionCtr of(ImpressionDataset ds, double holdout, long trainFrom) {
    return new ImpressionCtr(ds, holdout, trainFrom);
  }

  private static void addColumns(List<CtrColumn> cols, String prefix, NodeTable t) {
    if (t == null) {
      return;
    }
    for (NodeSchema.Column c : t.schema().features()) {
      String name = prefix + c.name();
      switch (c.role()) {
        case CATEGORICAL -> cols.add(new CtrColumn(name, ColumnRole.CATEGORICAL));
        case CONTINUOUS -> cols.add(new CtrColumn(name, ColumnRole.CONTINUOUS));
        case MULTI_HOT -> cols.add(new CtrColumn(name, ColumnRole.MULTI_HOT, c.separator()));
        case TEXT -> cols.add(new CtrColumn(name, ColumnRole.MULTI_HOT, " "));
        default -> {}
      }
    }
  }

  public CtrSchema schema() {
    return schema;
  }

  /** The first second of the test period ({@code Long.MAX_VALUE}: no test). */
  public long cut() {
    return cut;
  }

  /** The training rows (before the cut), in time order. */
  public RowSource train() {
    return source(false);
  }

  /** The test rows (at or after the cut), in time order. */
  public RowSource test() {
    return source(true);
  }

  private RowSource source(boolean test) {
    return new RowSource() {
      @Override
      public String name() {
        return ds.dir().toAbsolutePath() + (test ? " (test period)" : " (training period)");
      }

      @Override
      public CtrTextReader.Stats read(Consumer<RawRow> sink) {
        ImpressionLog log = ds.log();
        RawRow row = new RawRow(schema);
        long n = 0;
        for (int k : order) {
          if ((log.time(k) >= cut) != test || (!test && log.time(k) < trainFrom)) {
            continue;
          }
          fill(row, k);
          row.index = n;
          row.line = k + 2L;
          sink.accept(row);
          n++;
        }
        return new CtrTextReader.Stats(n, 0, List.of());
      }
    };
  }

  private void fill(RawRow row, int k) {
    ImpressionLog log = ds.log();
    row.label = log.label(k);
    row.time = log.time(k);
    String user = log.users().rawId(log.user(k));
    String item = log.items().rawId(log.item(k));
    row.categorical[0] = user;
    row.categorical[1] = item;
    if (userFiller != null) {
      userFiller.fill(row, ds.users(), user);
    }
    if (itemFiller != null) {
      itemFiller.fill(row, ds.items(), item);
    }
  }
}
