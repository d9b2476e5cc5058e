package org.recsys4j.serve;

import org.recsys4j.core.Parallel;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.util.TopK;
import org.recsys4j.models.LinkModel;

/**
 * Retrieval for a link model whose score is not an inner product (an MLP over the two embeddings):
 * every item is scored by the model itself against the user vector and the best kept. Exact, and
 * linear in the catalogue with the MLP's cost per item: meant for catalogues of thousands
 * (MovieLens), not millions; a dot-product model uses {@link ExactItemIndex} or HNSW.
 */
final class ModelScoredRetriever implements Retriever {
  private final LinkModel model;
  private final Tensor items;
  private final int count;
  private final int[] all;
  private final int[] userRow; // every item against the one user row: never written

  ModelScoredRetriever(LinkModel model, float[] itemVectors, int count, int dim) {
    this.model = model;
    this.items = Tensor.of(itemVectors, count, dim);
    this.count = count;
    this.all = new int[count];
    this.userRow = new int[count];
    for (int i = 0; i < count; i++) {
      all[i] = i;
    }
  }

  @Override
  public int search(float[] query, int n, int[] ids, float[] scores) {
    Tape tape = new Tape(Parallel.serial());
    Variable u = tape.constant(Tensor.of(query.clone(), 1, query.length));
    Variable it = tape.constant(items);
    float[] z = model.logits(tape, u, it, userRow, all).value().toArray();
    TopK top = new TopK(Math.max(1, Math.min(n, count)));
    top.offerAll(z, 0, count);
    return top.drainSorted(ids, scores);
  }

  @Override
  public String kind() {
    return "model";
  }
}
