package org.recsys4j.data.ctr;

/**
 * One parsed row of a click log, before any transform: the label, the continuous values (NaN =
 * missing), the categorical values (null = missing) and the multi-hot value lists (empty =
 * missing), each in schema order. A reader reuses one instance for all rows.
 */
public final class RawRow {
  public float label;
  public final double[] continuous;
  public final String[] categorical;
  public final String[][] multiHot;

  /**
   * When the row happened (epoch seconds), for sources that know it (impression logs);
   * Long.MAX_VALUE otherwise (the row is "now").
   */
  public long time = Long.MAX_VALUE;

  /** Line number in the source file (1-based), for messages. */
  public long line;

  /** Index of this row among the file's non-empty data lines, bad ones included (0-based). */
  public long index;

  public RawRow(CtrSchema schema) {
    continuous = new double[schema.positions(ColumnRole.CONTINUOUS).length];
    categorical = new String[schema.positions(ColumnRole.CATEGORICAL).length];
    multiHot = new String[schema.positions(ColumnRole.MULTI_HOT).length][];
  }
}
