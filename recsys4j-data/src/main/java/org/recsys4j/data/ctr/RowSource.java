package org.recsys4j.data.ctr;

import java.nio.file.Path;
import java.util.function.Consumer;

/** Raw click-log rows from somewhere (a delimited file, a join of several files), streamed once per call. */
public interface RowSource {
  /** For messages and metadata: the file or files the rows come from. */
  String name();

  /** Streams every row into {@code sink} (one reused {@link RawRow}). */
  CtrTextReader.Stats read(Consumer<RawRow> sink);

  /** The rows of a delimited file laid out as {@code schema}. */
  static RowSource text(Path file, CtrSchema schema, BadRowPolicy policy) {
    return new RowSource() {
      @Override
      public String name() {
        return file.toAbsolutePath().toString();
      }

      @Override
      public CtrTextReader.Stats read(Consumer<RawRow> sink) {
        return new CtrTextReader(schema, policy).read(file, -1, sink);
      }
    };
  }

  /** How many rows this source yields (one full read). */
  default long count() {
    long[] n = {0};
    read(r -> n[0]++);
    return n[0];
  }

  /**
   * Rows {@code [from, to)} of this source, in order: for a time-ordered log (Criteo's rows are in
   * time order), the last rows make a held-out "later" test set.
   */
  default RowSource slice(long from, long to) {
    RowSource all = this;
    return new RowSource() {
      @Override
      public String name() {
        return all.name() + " rows " + from + ".." + (to - 1);
      }

      @Override
      public CtrTextReader.Stats read(Consumer<RawRow> sink) {
        long[] i = {0};
        long[] kept = {0};
        CtrTextReader.Stats s = all.read(r -> {
          if (i[0] >= from && i[0] < to) {
            sink.accept(r);
            kept[0]++;
          }
          i[0]++;
        });
        return new CtrTextReader.Stats(kept[0], s.skipped(), s.firstReasons());
      }
    };
  }
}
