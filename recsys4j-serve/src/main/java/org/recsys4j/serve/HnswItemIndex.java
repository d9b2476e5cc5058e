package org.recsys4j.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;
import org.recsys4j.core.util.TopK;

/**
 * Approximate maximum-inner-product search for large catalogues: Lucene's HNSW graphs (built in
 * memory from the item embeddings, no index files), searched with a beam of {@code ef} candidates.
 * Inner products are reduced to Euclidean distances (Bachrach et al., RecSys 2014: each item gets
 * one more value, {@code sqrt(M^2 - |x|^2)}, the query a zero, so {@code |q - x|^2 = |q|^2 + M^2 -
 * 2 q.x}); since trained embeddings spread their norms widely (popular items are long) and the
 * reduction then leaves every item nearly equidistant from the query, the items are split into
 * ranges of norm, each with its own {@code M} and its own graph (norm-ranging, Yan et al., NeurIPS
 * 2018), searched one after another and merged; the candidates the graph returns are rescored with
 * the exact inner product ({@link ExactItemIndex#score}) and the best kept, so answers carry the
 * same scores as exact search and differ only in which items the graph reached. Lucene is used for
 * what it does well (graph construction and search, kept current by its maintainers); the exact
 * scan stays ours.
 */
public final class HnswItemIndex implements Retriever {
  private static final VectorSimilarityFunction SIM = VectorSimilarityFunction.EUCLIDEAN;

  private final ExactItemIndex exact;
  private final FlatVectorsScorer scorer = FlatVectorScorerUtil.getLucene99FlatVectorsScorer();
  private final Part[] parts;
  private final int ef;
  private final double buildSeconds;

  /** One range of norms: its items (global ids), their reduced vectors and their graph. */
  private record Part(
      int[] ids, RandomAccessVectorValues.Floats vectors, OnHeapHnswGraph graph, double maxNorm) {}

  /**
   * Builds the graphs over {@code exact}'s items.
   *
   * @param m neighbours per node (Lucene's {@code maxConn}, 16 by default)
   * @param beamWidth the candidate list while building (100 by default)
   * @param ef the candidate list while searching (at least the number of items asked for)
   * @param ranges ranges of norm, each its own graph (1: one graph over every item)
   * @param threads graphs built at once (each by one thread)
   */
  public HnswItemIndex(
      ExactItemIndex exact, int m, int beamWidth, int ef, int ranges, int threads, long seed) {
    if (ef < 1 || m < 2 || beamWidth < 1 || threads < 1 || ranges < 1) {
      throw new IllegalArgumentException(
          "hnsw: m >= 2, beam width >= 1, ef >= 1, ranges >= 1, threads >= 1 expected");
    }
    this.exact = exact;
    this.ef = ef;
    int n = exact.size();
    int d = exact.dim();
    double[] norm2 = new double[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      float[] v = exact.vector(i);
      for (int t = 0; t < d; t++) {
        norm2[i] += (double) v[t] * v[t];
      }
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(norm2[a], norm2[b]));
    int count = Math.max(1, Math.min(ranges, n));
    long t0 = System.nanoTime();
    this.parts = new Part[count];
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, count));
    try {
      List<java.util.concurrent.Future<Part>> built = new ArrayList<>();
      for (int p = 0; p < count; p++) {
        int from = (int) ((long) n * p / count);
        int to = (int) ((long) n * (p + 1) / count);
        int[] ids = new int[to - from];
        for (int j = 0; j < ids.length; j++) {
          ids[j] = order[from + j];
        }
        long partSeed = seed + p;
        built.add(pool.submit(() -> build(ids, norm2, m, beamWidth, partSeed)));
      }
      for (int p = 0; p < count; p++) {
        parts[p] = built.get(p).get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the HNSW graphs", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("building the HNSW graphs: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdown();
    }
    this.buildSeconds = (System.nanoTime() - t0) / 1e9;
  }

  private Part build(int[] ids, double[] norm2, int m, int beamWidth, long seed)
      throws IOException {
    int d = exact.dim();
    double max = 0;
    for (int id : ids) {
      max = Math.max(max, norm2[id]);
    }
    List<float[]> rows = new ArrayList<>(ids.length);
    for (int id : ids) {
      float[] v = java.util.Arrays.copyOf(exact.vector(id), d + 1);
      v[d] = (float) Math.sqrt(Math.max(0, max - norm2[id]));
      rows.add(v);
    }
    RandomAccessVectorValues.Floats vectors = RandomAccessVectorValues.fromFloats(rows, d + 1);
    RandomVectorScorerSupplier supplier = scorer.getRandomVectorScorerSupplier(SIM, vectors);
    OnHeapHnswGraph graph =
        HnswGraphBuilder.create(supplier, m, beamWidth, seed, ids.length).build(ids.length);
    return new Part(ids, vectors, graph, Math.sqrt(max));
  }

  /** Seconds the graphs took to build. */
  public double buildSeconds() {
    return buildSeconds;
  }

  public int ef() {
    return ef;
  }

  @Override
  public int search(float[] query, int n, int[] ids, float[] scores) {
    return search(query, n, ids, scores, ef);
  }

  /** {@link #search} with a candidate list of {@code ef} instead of the configured one. */
  public int search(float[] query, int n, int[] ids, float[] scores, int ef) {
    if (query.length != exact.dim()) {
      throw new IllegalArgumentException(
          "query has " + query.length + " values, items " + exact.dim());
    }
    float[] reduced = java.util.Arrays.copyOf(query, query.length + 1);
    TopK top = new TopK(Math.max(1, Math.min(n, exact.size())));
    double qNorm = 0;
    for (float v : query) {
      qNorm += (double) v * v;
    }
    qNorm = Math.sqrt(qNorm);
    try {
      // longest vectors first: once the best n are found, a range whose longest vector cannot
      // beat the n-th (q.x <= |q| |x| <= |q| M) is skipped, exactly
      for (int r = parts.length - 1; r >= 0; r--) {
        Part p = parts[r];
        if (top.size() == top.k() && qNorm * p.maxNorm() * (1 + 1e-6) < top.threshold()) {
          break;
        }
        KnnCollector found =
            HnswGraphSearcher.search(
                scorer.getRandomVectorScorer(SIM, p.vectors(), reduced),
                Math.max(n, ef),
                p.graph(),
                null,
                Integer.MAX_VALUE);
        ScoreDoc[] docs = found.topDocs().scoreDocs;
        int[] candidates = new int[docs.length];
        for (int j = 0; j < docs.length; j++) {
          candidates[j] = p.ids()[docs[j].doc];
        }
        float[] exactScores = new float[docs.length];
        exact.scores(query, candidates, docs.length, exactScores); // sixteen at a time, as the scan
        for (int j = 0; j < docs.length; j++) {
          top.offer(candidates[j], exactScores[j]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return top.drainSorted(ids, scores);
  }

  @Override
  public String kind() {
    return "hnsw";
  }
}
