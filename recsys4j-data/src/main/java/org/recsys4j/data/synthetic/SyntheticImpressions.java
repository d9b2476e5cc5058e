package org.recsys4j.data.synthetic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.recsys4j.core.Rng;
import org.recsys4j.core.io.AtomicFiles;

/**
 * An impression log of any size in the impression-log contract, with a planted model: users and
 * items belong to communities; activity and popularity follow power laws; an impression shows a
 * user an item of their own community half of the time; it is clicked with probability {@code
 * sigmoid(-1.5 + 2.5 [same community] + 0.8 popularity + user bias)}, so shown-not-clicked rows are
 * real negatives. Node features carry part of the signal (a user's region and an item's category
 * and title words name their community most of the time; ages, years and tags are noise around it).
 * Timestamps spread over {@code days} days, rows in time order. The planted model's own AUC on the
 * rows is recorded in {@code metadata.json}.
 */
public final class SyntheticImpressions {
  static final String SCHEMA =
      "# A generated impression log (recsys4j generate --kind impressions).\n"
          + org.recsys4j.data.impressions.ImpressionDirectory.IMPRESSIONS_SECTION
          + """
      users:
        delimiter: ","
        header: true
        columns:
          - {name: id, role: id}
          - {name: age, role: continuous}
          - {name: region, role: categorical}
      items:
        delimiter: ","
        header: true
        columns:
          - {name: id, role: id}
          - {name: category, role: categorical}
          - {name: tags, role: multi-hot, separator: "|"}
          - {name: year, role: continuous}
          - {name: title, role: text}
            """;

  /** Epoch seconds of the first day (2026-01-01). */
  static final long START = 1767225600L;

  private SyntheticImpressions() {}

  /** What was generated. */
  public record Summary(long impressions, long clicks, double plantedAuc) {}

  /**
   * Writes {@code users} users, {@code items} items and {@code impressions} impressions into {@code
   * out} (staged, then renamed).
   */
  public static Summary write(
      Path out, int users, int items, long impressions, int days, long seed) {
    if (users < 2 || items < 2 || impressions < 1 || days < 1) {
      throw new IllegalArgumentException(
          "need at least 2 users, 2 items, 1 impression and 1 day; got "
              + users
              + ", "
              + items
              + ", "
              + impressions
              + ", "
              + days);
    }
    int communities = Math.max(2, Math.min(16, (int) Math.sqrt(Math.min(users, items))));
    Rng rng = new Rng(seed);
    int[] userComm = new int[users];
    float[] userBias = new float[users];
    for (int u = 0; u < users; u++) {
      userComm[u] = rng.nextInt(communities);
      userBias[u] = (float) (0.5 * rng.nextGaussian());
    }
    int[] itemComm = new int[items];
    for (int i = 0; i < items; i++) {
      itemComm[i] = rng.nextInt(communities);
    }
    double[] userCdf = powerLawCdf(users, 0.8);
    double[] itemCdf = powerLawCdf(items, 0.9);
    int[][] byComm = membersByCommunity(itemComm, communities);
    Summary[] summary = new Summary[1];
    org.recsys4j.data.impressions.ImpressionDirectory.write(
        out,
        "generated dataset",
        SCHEMA,
        tmp -> {
          Summary s =
              impressions(
                  tmp.resolve("impressions.csv"),
                  impressions,
                  days,
                  rng,
                  userCdf,
                  itemCdf,
                  userComm,
                  userBias,
                  itemComm,
                  byComm);
          nodes(tmp, users, items, communities, userComm, itemComm, Rng.derive(seed, 7));
          AtomicFiles.writeString(
              tmp.resolve("metadata.json"),
              String.format(
                  java.util.Locale.ROOT,
                  "{\"generator\": \"impressions\", \"seed\": %d, \"users\": %d, \"items\": %d,"
                      + " \"impressions\": %d, \"clicks\": %d, \"communities\": %d, \"days\": %d,"
                      + " \"planted_auc\": %.6f}%n",
                  seed,
                  users,
                  items,
                  s.impressions(),
                  s.clicks(),
                  communities,
                  days,
                  s.plantedAuc()));
          summary[0] = s;
          return s.impressions();
        });
    return summary[0];
  }

  private static double[] powerLawCdf(int n, double exponent) {
    double[] cdf = new double[n];
    double s = 0;
    for (int k = 0; k < n; k++) {
      s += 1.0 / Math.pow(k + 1, exponent);
      cdf[k] = s;
    }
    for (int k = 0; k < n; k++) {
      cdf[k] /= s;
    }
    return cdf;
  }

  private static int draw(double[] cdf, Rng rng) {
    int i = java.util.Arrays.binarySearch(cdf, rng.nextDouble());
    return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
  }

  private static int[][] membersByCommunity(int[] comm, int communities) {
    int[] count = new int[communities];
    for (int c : comm) {
      count[c]++;
    }
    int[][] m = new int[communities][];
    for (int c = 0; c < communities; c++) {
      m[c] = new int[count[c]];
      count[c] = 0;
    }
    for (int i = 0; i < comm.length; i++) {
      m[comm[i]][count[comm[i]]++] = i;
    }
    return m;
  }

  private static Summary impressions(
      Path file,
      long n,
      int days,
      Rng rng,
      double[] userCdf,
      double[] itemCdf,
      int[] userComm,
      float[] userBias,
      int[] itemComm,
      int[][] byComm)
      throws IOException {
    int m = (int) Math.min(n, Integer.MAX_VALUE - 8);
    long span = days * 86400L;
    long[] offsets = new long[m];
    for (int k = 0; k < m; k++) {
      offsets[k] = (long) (rng.nextDouble() * span);
    }
    java.util.Arrays.sort(offsets);
    float[] p = new float[m];
    float[] labels = new float[m];
    long clicks = 0;
    try (AtomicFiles.Output o = AtomicFiles.open(file);
        Writer w =
            new BufferedWriter(
                new OutputStreamWriter(o.stream(), StandardCharsets.UTF_8), 1 << 16)) {
      w.write("user,item,label,timestamp\n");
      int items = itemComm.length;
      for (int k = 0; k < m; k++) {
        int u = draw(userCdf, rng);
        int i;
        int[] own = byComm[userComm[u]];
        if (own.length > 0 && rng.nextDouble() < 0.5) {
          i = own[rng.nextInt(own.length)];
        } else {
          i = draw(itemCdf, rng);
        }
        double pop = 1.0 - (double) i / items; // items are numbered by popularity
        double z = -1.5 + 2.5 * (userComm[u] == itemComm[i] ? 1 : 0) + 0.8 * pop + userBias[u];
        p[k] = (float) (1 / (1 + Math.exp(-z)));
        int label = rng.nextDouble() < p[k] ? 1 : 0;
        labels[k] = label;
        clicks += label;
        w.write("u" + u + ",i" + i + "," + label + "," + (START + offsets[k]) + "\n");
      }
      w.flush();
      o.commit();
    }
    return new Summary(m, clicks, auc(p, labels));
  }

  /** AUC by the rank-sum formula with ties averaged. */
  static double auc(float[] p, float[] labels) {
    Integer[] idx = new Integer[p.length];
    for (int k = 0; k < p.length; k++) {
      idx[k] = k;
    }
    java.util.Arrays.sort(idx, (a, b) -> Float.compare(p[a], p[b]));
    double rankSum = 0;
    long pos = 0;
    for (int s = 0; s < idx.length; ) {
      int e = s;
      while (e < idx.length && p[idx[e]] == p[idx[s]]) {
        e++;
      }
      double rank = (s + 1 + e) / 2.0;
      for (int t = s; t < e; t++) {
        if (labels[idx[t]] > 0.5f) {
          rankSum += rank;
          pos++;
        }
      }
      s = e;
    }
    long neg = p.length - pos;
    return pos == 0 || neg == 0 ? Double.NaN : (rankSum - pos * (pos + 1) / 2.0) / (pos * neg);
  }

  private static void nodes(
      Path dir, int users, int items, int communities, int[] userComm, int[] itemComm, Rng rng)
      throws IOException {
    StringBuilder sb = new StringBuilder("id,age,region\n");
    for (int u = 0; u < users; u++) {
      int region = rng.nextDouble() < 0.6 ? userComm[u] : rng.nextInt(communities);
      sb.append('u').append(u).append(',');
      if (rng.nextDouble() >= 0.05) { // 5% missing ages
        sb.append(20 + 3 * userComm[u] + rng.nextInt(10));
      }
      sb.append(",r").append(region).append('\n');
    }
    AtomicFiles.writeString(dir.resolve("users.csv"), sb.toString());
    sb = new StringBuilder("id,category,tags,year,title\n");
    for (int i = 0; i < items; i++) {
      int c = rng.nextDouble() < 0.7 ? itemComm[i] : rng.nextInt(communities);
      sb.append('i').append(i).append(",c").append(c).append(",t").append(itemComm[i] % 5);
      sb.append("|t").append(5 + rng.nextInt(10)).append(',');
      sb.append(1990 + rng.nextInt(30)).append(',');
      sb.append("\"the ")
          .append(rng.nextDouble() < 0.6 ? "w" + itemComm[i] : "w" + rng.nextInt(50));
      sb.append(" story ").append(rng.nextInt(1000)).append("\"\n");
    }
    AtomicFiles.writeString(dir.resolve("items.csv"), sb.toString());
  }
}
