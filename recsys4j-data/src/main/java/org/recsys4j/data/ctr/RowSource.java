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
}
