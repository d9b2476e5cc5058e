package org.recsys4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.data.DataFormatException;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.graph.NodeFeatures;
import org.recsys4j.data.impressions.NodeTable;
import org.recsys4j.data.io.CsvRows;
import org.recsys4j.train.LinkEmbedder;
import org.recsys4j.train.ModelBundle;

/**
 * {@code predict} with a link bundle: one click probability per (user, item) row of a CSV with a
 * header; ids the bundle never saw join the graph as new nodes (features from {@code --nodes}, else
 * missing) before every node is embedded.
 */
final class LinkPredict {
  private LinkPredict() {}

  static int run(ModelBundle b, Path input, Path out, Path nodes, String nodeType, int threads)
      throws IOException {
    long t0 = System.nanoTime();
    if (!nodeType.equals("item") && !nodeType.equals("user")) {
      throw new IllegalArgumentException(
          "--node-type must be item or user, got '" + nodeType + "'");
    }
    List<String> users = new ArrayList<>();
    List<String> items = new ArrayList<>();
    try (CsvRows rows = CsvRows.open(input, ',')) {
      String[] h = rows.next();
      if (h == null) {
        throw new DataFormatException(input.toString(), 1, "empty file: expected a header");
      }
      int[] at = LinkFiles.columns(input, rows.line(), h, new String[] {"user", "item"}, 2);
      for (String[] f = rows.next(); f != null; f = rows.next()) {
        if (CsvRows.blank(f)) {
          continue;
        }
        if (f.length != h.length) {
          throw new DataFormatException(
              input.toString(), rows.line(), "expected " + h.length + " fields, found " + f.length);
        }
        users.add(f[at[0]].trim());
        items.add(f[at[1]].trim());
      }
    }
    NodeTable table = null;
    if (nodes != null) {
      NodeFeatures f =
          nodeType.equals("item") ? b.graph().itemFeatures() : b.graph().userFeatures();
      table = NodeTable.read(nodes, f.schema(), BadRowPolicy.ERROR);
    }
    Set<String> newUsers = new LinkedHashSet<>();
    Set<String> newItems = new LinkedHashSet<>();
    for (int k = 0; k < users.size(); k++) {
      if (b.users().indexOf(users.get(k)) < 0) {
        newUsers.add(users.get(k));
      }
      if (b.items().indexOf(items.get(k)) < 0) {
        newItems.add(items.get(k));
      }
    }
    LinkEmbedder emb =
        LinkEmbedder.of(
            b,
            nodeType.equals("user") ? table : null,
            nodeType.equals("item") ? table : null,
            List.copyOf(newUsers),
            List.copyOf(newItems),
            LinkEmbedder.Links.none());
    int n = users.size();
    int[] u = new int[n];
    int[] i = new int[n];
    for (int k = 0; k < n; k++) {
      u[k] = emb.users().indexOf(users.get(k));
      i[k] = emb.items().indexOf(items.get(k));
    }
    float[] p = new float[n];
    try (Parallel par = new Parallel(threads)) {
      emb.scorer(par).scoreLinks(u, i, p);
    }
    try (AtomicFiles.Output o = AtomicFiles.open(out)) {
      BufferedWriter w =
          new BufferedWriter(new java.io.OutputStreamWriter(o.stream(), StandardCharsets.UTF_8));
      for (int k = 0; k < n; k++) {
        if (!Float.isFinite(p[k])) {
          throw new IllegalStateException(
              input + ": data row " + (k + 1) + " scored " + p[k] + "; nothing was written");
        }
        w.write(String.format(java.util.Locale.ROOT, "%.6f", p[k]));
        w.newLine();
      }
      w.flush();
      o.commit();
    }
    System.out.printf(
        "scored %,d links with %s (%d unseen users, %d unseen items embedded from their features)"
            + " in %.2fs; wrote %s%n",
        n, b.model().type(), newUsers.size(), newItems.size(), (System.nanoTime() - t0) / 1e9, out);
    return 0;
  }
}
