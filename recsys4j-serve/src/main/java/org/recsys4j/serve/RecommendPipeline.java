package org.recsys4j.serve;

import java.util.Arrays;
import java.util.List;

/**
 * The stages of one recommendation, as Merlin names them, over one immutable {@link Catalog}:
 *
 * <ol>
 *   <li><b>retrieval</b>: the user's vector against every item (exact inner product), enough
 *       candidates that filtering still leaves the requested number;
 *   <li><b>filtering</b>: drops the user's training items and the request's {@code exclude};
 *   <li><b>ordering</b>: the best {@code k} by score.
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

  /** The answer, which model version gave it, how (model or popularity) and each stage. */
  public record Result(
      String user,
      List<Scored> items,
      String version,
      String policy,
      int unknownExcluded,
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
    int[] seen = u >= 0 ? c.seen(u) : new int[0];
    int want = Math.min(r.candidates(), c.items().size());
    int n = Math.min(c.items().size(), want + seen.length + excluded.length);
    int[] ids = new int[n];
    float[] scores = new float[n];
    int got;
    if (u >= 0) {
      got = c.index().search(c.userVector(u), n, ids, scores);
    } else {
      int[] pop = c.popular();
      got = Math.min(n, pop.length);
      for (int j = 0; j < got; j++) {
        ids[j] = pop[j];
        scores[j] = got - j; // rank order, best highest
      }
    }
    long t1 = System.nanoTime();
    int kept = 0;
    for (int j = 0; j < got && kept < want; j++) {
      if (Arrays.binarySearch(seen, ids[j]) < 0 && Arrays.binarySearch(excluded, ids[j]) < 0) {
        ids[kept] = ids[j];
        scores[kept++] = scores[j];
      }
    }
    long t2 = System.nanoTime();
    // candidates arrive best first (ties: lower id first) and filtering keeps that order
    int k = Math.min(r.k(), kept);
    Scored[] out = new Scored[k];
    for (int j = 0; j < k; j++) {
      out[j] = new Scored(c.items().rawId(ids[j]), scores[j]);
    }
    long t3 = System.nanoTime();
    return new Result(
        r.user(),
        List.of(out),
        c.version(),
        u >= 0 ? "model" : "popularity",
        unknown,
        List.of(
            new Stage("retrieval", got, (t1 - t0) / 1000),
            new Stage("filtering", kept, (t2 - t1) / 1000),
            new Stage("ordering", k, (t3 - t2) / 1000)));
  }
}
