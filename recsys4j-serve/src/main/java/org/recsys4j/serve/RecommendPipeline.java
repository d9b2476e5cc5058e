package org.recsys4j.serve;

import java.util.Arrays;
import java.util.List;

/**
 * The stages of one recommendation, as Merlin names them, over one immutable {@link Catalog}:
 *
 * <ol>
 *   <li><b>retrieval</b>: the user's vector against every item (exact inner product), enough
 *       candidates that filtering still leaves the requested number;
 *   <li><b>filtering</b>: drops the user's training items, the request's {@code exclude}, the deny
 *       list and the items failing the request's attribute filters;
 *   <li><b>scoring</b> (with a {@link Ranker}): the CTR model's click probability of each candidate
 *       for this user and context, which replaces the retrieval score;
 *   <li><b>ordering</b>: the best {@code k} by score, or a seeded softmax sample, with an optional
 *       cap per attribute value.
 * </ol>
 *
 * A user the model does not know follows the popularity policy: the most interacted-with items,
 * filtered the same way. Each stage's candidate count and time are recorded for {@code explain} and
 * the metrics. Stateless: any number of threads may call it at once.
 */
public final class RecommendPipeline {
  private RecommendPipeline() {}

  /** One answered item. */
  public record Scored(String item, float score) {}

  /** One stage's outcome: candidates left after it and its time. */
  public record Stage(String name, int candidates, long micros) {}

  /**
   * The answer, which model version gave it, how (model or popularity), the seed of its sampling
   * (null without {@code temperature}), the search that retrieved the candidates ({@code exact},
   * {@code hnsw}, {@code model} or {@code popularity}) and each stage.
   */
  public record Result(
      String user,
      List<Scored> items,
      String version,
      String rankerVersion,
      String policy,
      int unknownExcluded,
      Long seed,
      String retrievedBy,
      List<Stage> stages) {}

  public static Result recommend(Catalog c, RecommendRequest r) {
    long t0 = System.nanoTime();
    int u = c.users().indexOf(r.user());
    int[] excluded = new int[r.exclude().size()];
    int ne = 0;
    int unknown = 0;
    for (String id : r.exclude()) {
      int i = c.items().indexOf(id);
      if (i >= 0) {
        excluded[ne++] = i;
      } else {
        unknown++;
      }
    }
    excluded = Arrays.copyOf(excluded, ne);
    Arrays.sort(excluded);
    int seen = u >= 0 ? c.seenCount(u) : 0;
    boolean fromFeatures = u < 0 && c.unknownUsers() == Catalog.UnknownUsers.FEATURES;
    float[] query =
        u >= 0 ? c.userVector(u) : fromFeatures ? c.coldStartVector(r.features()) : null;
    int catalogue = c.items().size();
    int want = Math.min(r.candidates(), catalogue);
    // enough candidates that dropping the known exclusions still leaves `want`; attribute filters
    // drop an unknown number, so retrieval widens until they leave `want` or the catalogue is done
    int n = Math.min(catalogue, want + seen + excluded.length + c.denied().length);
    int[] ids;
    float[] scores;
    int got;
    int kept;
    long retrievalNanos = 0;
    String retrievedBy = "popularity";
    long filteringNanos = 0;
    while (true) {
      long s0 = System.nanoTime();
      ids = new int[n];
      scores = new float[n];
      if (query != null) {
        // an approximate search asked for many times the wanted candidates (filters rejected most
        // of what it found) would cost more than the scan: the exact scan takes over
        Retriever search =
            n > 8L * want && c.retriever() != c.index() && c.retriever() instanceof HnswItemIndex
                ? c.index()
                : c.retriever();
        retrievedBy = search.kind();
        got = search.search(query, n, ids, scores);
      } else {
        int[] pop = c.popular();
        got = Math.min(n, pop.length);
        for (int j = 0; j < got; j++) {
          ids[j] = pop[j];
          scores[j] = pop.length - j; // rank order, best highest
        }
      }
      long s1 = System.nanoTime();
      kept = 0;
      for (int j = 0; j < got && kept < want; j++) {
        int item = ids[j];
        if ((u < 0 || !c.hasSeen(u, item))
            && Arrays.binarySearch(excluded, item) < 0
            && Arrays.binarySearch(c.denied(), item) < 0
            && passes(c.attributes(), r.filters(), item)) {
          ids[kept] = item;
          scores[kept++] = scores[j];
        }
      }
      long s2 = System.nanoTime();
      retrievalNanos += s1 - s0;
      filteringNanos += s2 - s1;
      if (kept >= want || n >= catalogue) {
        break;
      }
      n = (int) Math.min(catalogue, 2L * n);
    }
    long t2 = System.nanoTime();
    Ranker ranker = c.ranker();
    if (ranker != null && kept > 0) {
      ranker.score(new Ranker.Request(r.user(), r.features(), r.context()), ids, kept, scores);
      sortByScore(ids, scores, kept);
    }
    long t25 = System.nanoTime();
    Long seed = null;
    int[] order;
    if (r.temperature() != null) {
      seed = r.seed() != null ? r.seed() : System.nanoTime() ^ r.user().hashCode();
      order = sampled(scores, kept, r.temperature(), seed);
    } else {
      order = new int[kept]; // candidates arrive best first (ties: lower id first)
      for (int j = 0; j < kept; j++) {
        order[j] = j;
      }
    }
    int cap = r.capColumn() == null ? -1 : c.attributes().column(r.capColumn());
    java.util.Map<String, Integer> perValue = new java.util.HashMap<>();
    List<Scored> out = new java.util.ArrayList<>();
    for (int j = 0; j < order.length && out.size() < r.k(); j++) {
      int item = ids[order[j]];
      if (cap >= 0) {
        List<String> v = c.attributes().values(cap, item);
        String key = v.isEmpty() ? "" : v.get(0);
        if (perValue.merge(key, 1, Integer::sum) > r.capCount()) {
          continue;
        }
      }
      out.add(new Scored(c.items().rawId(item), scores[order[j]]));
    }
    long t3 = System.nanoTime();
    return new Result(
        r.user(),
        List.copyOf(out),
        c.version(),
        ranker == null ? null : ranker.version(),
        u >= 0 ? "model" : fromFeatures ? "features" : "popularity",
        unknown,
        seed,
        retrievedBy,
        ranker == null
            ? List.of(
                new Stage("retrieval", got, retrievalNanos / 1000),
                new Stage("filtering", kept, filteringNanos / 1000),
                new Stage("ordering", out.size(), (t3 - t25) / 1000))
            : List.of(
                new Stage("retrieval", got, retrievalNanos / 1000),
                new Stage("filtering", kept, filteringNanos / 1000),
                new Stage("scoring", kept, (t25 - t2) / 1000),
                new Stage("ordering", out.size(), (t3 - t25) / 1000)));
  }

  /** Sorts the first {@code n} candidates by score, best first (ties: lower item id first). */
  static void sortByScore(int[] ids, float[] scores, int n) {
    long[] keys = new long[n];
    for (int j = 0; j < n; j++) {
      // descending score, then ascending id, in one primitive sort: flip the float's order bits
      int bits = Float.floatToIntBits(scores[j]);
      int ordered = bits >= 0 ? bits : bits ^ 0x7fffffff; // ascending as a signed int
      keys[j] = ((long) ~ordered << 32) | (ids[j] & 0xffffffffL);
    }
    Arrays.sort(keys);
    for (int j = 0; j < n; j++) {
      ids[j] = (int) keys[j];
      scores[j] = Float.intBitsToFloat(unorder(~(int) (keys[j] >>> 32)));
    }
  }

  private static int unorder(int ordered) {
    return ordered >= 0 ? ordered : ordered ^ 0x7fffffff;
  }

  /** Whether {@code item} passes every attribute rule. */
  static boolean passes(ItemAttributes a, List<RecommendRequest.ItemFilter> filters, int item) {
    for (RecommendRequest.ItemFilter f : filters) {
      boolean any = false;
      for (String v : a.values(f.column(), item)) {
        if (f.values().contains(v)) {
          any = true;
          break;
        }
      }
      if (any != f.keep()) {
        return false;
      }
    }
    return true;
  }

  /**
   * An order of the first {@code n} candidates drawn from the softmax of their scores at {@code
   * temperature}, without replacement (the Gumbel-top-k trick: sorting {@code score / T + Gumbel
   * noise} is the same as drawing one item after another with probability proportional to {@code
   * exp(score / T)}); the same seed gives the same order.
   */
  static int[] sampled(float[] scores, int n, double temperature, long seed) {
    org.recsys4j.core.Rng rng = new org.recsys4j.core.Rng(seed);
    double[] key = new double[n];
    Integer[] idx = new Integer[n];
    for (int j = 0; j < n; j++) {
      double uni = rng.nextDouble();
      double gumbel = -Math.log(-Math.log(Math.max(uni, 1e-300)));
      key[j] = scores[j] / temperature + gumbel;
      idx[j] = j;
    }
    Arrays.sort(idx, (x, y) -> key[y] != key[x] ? Double.compare(key[y], key[x]) : x - y);
    int[] order = new int[n];
    for (int j = 0; j < n; j++) {
      order[j] = idx[j];
    }
    return order;
  }
}
