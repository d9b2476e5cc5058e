package org.recsys4j.bench.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.recsys4j.core.Rng;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.ctr.CtrPreprocessor;
import org.recsys4j.data.ctr.CtrSchema;
import org.recsys4j.data.ctr.TransformOptions;

/**
 * Raw-text preprocessing speed on Criteo-format data: writes a Criteo TSV of {@code --rows} rows
 * (13 integer columns with Criteo's rate of missing fields, 26 hexadecimal ids with log-uniform
 * frequencies over up to {@code --max-cardinality} values per column), then times {@code
 * preprocess} on it (the fitting pass and the writing pass). Prints rows/s.
 */
public final class CriteoPreprocessBench implements Workload {
  @Override
  public String name() {
    return "preprocess-criteo";
  }

  @Override
  public String description() {
    return "preprocess rows/s on generated Criteo TSV: --rows 2000000 --max-cardinality 1000000 --dir /tmp";
  }

  @Override
  public void run(Map<String, String> options, PrintStream out) {
    Options o = new Options(options);
    int rows = o.integer("rows", 2_000_000);
    int maxCard = o.integer("max-cardinality", 1_000_000);
    Path dir = Path.of(o.str("dir", System.getProperty("java.io.tmpdir")));
    try {
      Path work = Files.createTempDirectory(dir, "recsys4j-preprocess-bench-");
      try {
        Path raw = work.resolve("day.txt");
        writeCriteo(raw, rows, maxCard);
        long bytes = Files.size(raw);
        for (int rep = 0; rep < o.integer("repeat", 2); rep++) {
          long t0 = System.nanoTime();
          var r =
              CtrPreprocessor.run(
                  raw,
                  CtrSchema.criteo(),
                  TransformOptions.criteo(),
                  BadRowPolicy.ERROR,
                  work.resolve("out"),
                  null,
                  null);
          double s = (System.nanoTime() - t0) / 1e9;
          out.println(
              new JsonLine("preprocess_criteo")
                  .put("rows", r.trainRows())
                  .put("bytes", bytes)
                  .put("seconds", s)
                  .put("rows_per_second", r.trainRows() / s)
                  .put("mb_per_second", bytes / 1e6 / s)
                  .put("passes", 2)
                  .put("repeat", rep + 1));
          out.flush();
        }
      } finally {
        AtomicFiles.deleteTree(work);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeCriteo(Path file, int rows, int maxCard) throws IOException {
    Rng r = new Rng(11);
    int[] cards = org.recsys4j.data.ctr.CtrGenerator.kaggleCardinalities();
    try (BufferedWriter w =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW)) {
      StringBuilder sb = new StringBuilder(512);
      for (int i = 0; i < rows; i++) {
        sb.setLength(0);
        sb.append(r.nextInt(4) == 0 ? 1 : 0);
        for (int j = 0; j < 13; j++) {
          sb.append('\t');
          if (r.nextInt(5) != 0) { // Criteo's integer columns miss about a fifth of their values
            sb.append((int) Math.floor(Math.exp(r.nextDouble() * 8)) - 1);
          }
        }
        for (int f = 0; f < 26; f++) {
          sb.append('\t');
          if (r.nextInt(20) != 0) {
            int c = Math.min(cards[f], maxCard);
            int id =
                (int) Math.min(c - 1, Math.floor(Math.exp(r.nextDouble() * Math.log(c + 1.0))) - 1);
            sb.append(Integer.toHexString(0x10000000 + (int) ((id * 2654435761L) & 0x0fffffffL)));
          }
        }
        sb.append('\n');
        w.write(sb.toString());
      }
    }
  }
}
