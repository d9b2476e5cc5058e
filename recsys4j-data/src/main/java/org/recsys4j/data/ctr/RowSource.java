package org.recsys4j.data.ctr;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Raw click-log rows from somewhere (a delimited file, a join of several files), streamed once per
 * call.
 */
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
   * time order), the last rows make a held-out "later" test set. A slice's statistics count only
   * the bad rows within its range (the first slice also those before its first row, the last those
   * after its last), so slices of one file add up to the file's count instead of each repeating it.
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
        long[] badAt = {
          -1, -1
        }; // bad rows seen before the slice's first row and before the row after it
        CtrTextReader.Stats s =
            all.read(
                r -> {
                  long badSoFar = r.index - i[0];
                  if (i[0] == from) {
                    badAt[0] = badSoFar;
                  }
                  if (i[0] == to) {
                    badAt[1] = badSoFar;
                  }
                  if (i[0] >= from && i[0] < to) {
                    sink.accept(r);
                    kept[0]++;
                  }
                  i[0]++;
                });
        long start = from == 0 || badAt[0] < 0 ? 0 : badAt[0];
        long end = badAt[1] < 0 ? s.skipped() : badAt[1];
        return new CtrTextReader.Stats(
            kept[0], end - start, from == 0 ? s.firstReasons() : java.util.List.of());
      }
    };
  }
}
