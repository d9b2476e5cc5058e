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
import org.apache.lucene.search.TaskExecutor;
import org.apache.lucene.util.hnsw.HnswConcurrentMergeBuilder;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomAccessVectorValues;
import org.apache.lucene.util.hnsw.RandomVectorScorerSupplier;
import org.recsys4j.core.util.TopK;

/**
 * Approximate maximum-inner-product search for large catalogues: Lucene's HNSW graph (built in
 * memory from the item embeddings, no index files, inner products reduced to Euclidean distances),
 * searched with a beam of {@code ef} candidates; the candidates the graph returns are rescored with
 * the exact inner product ({@link ExactItemIndex#score}) and the best kept, so answers carry the
 * same scores as exact search and differ only in which items the graph reached. Lucene is used for
 * what it does well (graph construction and search, kept current by its maintainers); the exact
 * scan stays ours.
 */
public final class HnswItemIndex implements Retriever {
  // Inner products are searched as Euclidean distances after the standard reduction (Bachrach et
  // al., RecSys 2014): each item gets one more value, sqrt(M^2 - |x|^2) with M the largest norm,
  // and
  // the query a zero, so |q - x|^2 = |q|^2 + M^2 - 2 q.x and the nearest item is the one with the
  // largest inner product; the graph is then built on a metric, as HNSW assumes.
  private static final VectorSimilarityFunction SIM = VectorSimilarityFunction.EUCLIDEAN;

  private final ExactItemIndex exact;
  private final RandomAccessVectorValues.Floats vectors;
  private final FlatVectorsScorer scorer = FlatVectorScorerUtil.getLucene99FlatVectorsScorer();
  private final OnHeapHnswGraph graph;
  private final int ef;
  private final double buildSeconds;

  /**
   * Builds the graph over {@code exact}'s items.
   *
   * @param m neighbours per node (Lucene's {@code maxConn}, 16 by default)
   * @param beamWidth the candidate list while building (100 by default)
   * @param ef the candidate list while searching (at least the number of items asked for)
   * @param threads build workers
   */
  public HnswItemIndex(ExactItemIndex exact, int m, int beamWidth, int ef, int threads, long seed) {
    if (ef < 1 || m < 2 || beamWidth < 1 || threads < 1) {
      throw new IllegalArgumentException(
          "hnsw: m >= 2, beam width >= 1, ef >= 1, threads >= 1 expected");
    }
    this.exact = exact;
    this.ef = ef;
    int d = exact.dim();
    List<float[]> rows = new ArrayList<>(exact.size());
    double maxNorm2 = 0;
    for (int i = 0; i < exact.size(); i++) {
      float[] v = java.util.Arrays.copyOf(exact.vector(i), d + 1);
      double n2 = 0;
      for (int t = 0; t < d; t++) {
        n2 += (double) v[t] * v[t];
      }
      v[d] = (float) n2; // the squared norm, until the largest is known
      maxNorm2 = Math.max(maxNorm2, n2);
      rows.add(v);
    }
    for (float[] v : rows) {
      v[d] = (float) Math.sqrt(Math.max(0, maxNorm2 - v[d]));
    }
    this.vectors = RandomAccessVectorValues.fromFloats(rows, d + 1);
    long t0 = System.nanoTime();
    try {
      RandomVectorScorerSupplier supplier = scorer.getRandomVectorScorerSupplier(SIM, vectors);
      HnswGraphBuilder serial = HnswGraphBuilder.create(supplier, m, beamWidth, seed, rows.size());
      if (threads == 1) {
        this.graph = serial.build(rows.size());
      } else {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
          this.graph =
              new HnswConcurrentMergeBuilder(
                      new TaskExecutor(pool),
                      threads,
                      supplier,
                      m,
                      beamWidth,
                      serial.getGraph(),
                      null)
                  .build(rows.size());
        } finally {
          pool.shutdown();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("building the HNSW graph: " + e.getMessage(), e);
    }
    this.buildSeconds = (System.nanoTime() - t0) / 1e9;
  }

  /** Seconds the graph took to build. */
  public double buildSeconds() {
    return buildSeconds;
  }

  public int ef() {
    return ef;
  }

  @Override
  public int search(float[] query, int n, int[] ids, float[] scores) {
    if (query.length != exact.dim()) {
      throw new IllegalArgumentException(
          "query has " + query.length + " values, items " + exact.dim());
    }
    KnnCollector found;
    try {
      found =
          HnswGraphSearcher.search(
              scorer.getRandomVectorScorer(
                  SIM, vectors, java.util.Arrays.copyOf(query, query.length + 1)),
              Math.max(n, ef),
              graph,
              null,
              Integer.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TopK top = new TopK(Math.max(1, Math.min(n, exact.size())));
    for (ScoreDoc d : found.topDocs().scoreDocs) {
      top.offer(d.doc, exact.score(query, d.doc));
    }
    return top.drainSorted(ids, scores);
  }

  @Override
  public String kind() {
    return "hnsw";
  }
}
