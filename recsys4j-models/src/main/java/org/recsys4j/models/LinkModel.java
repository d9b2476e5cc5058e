package org.recsys4j.models;

import org.recsys4j.core.Rng;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.models.graphsage.GraphInput;

/**
 * A link-prediction model over the user-item graph: it embeds the nodes of a {@link GraphInput}
 * (node features plus the layered message-passing structure) and scores (user, item) pairs from
 * their embeddings. The graph is an input, not part of the model, so the same weights embed nodes
 * over the training graph, over a later graph, and nodes never seen in training.
 */
public interface LinkModel extends Model {

  /** The embedding dimension of the output nodes. */
  int dim();

  /** Message-passing layers: the blocks a {@link GraphInput} must hold. */
  int layers();

  /**
   * The output embeddings of the input's target users and items; dropout is drawn from {@code rng}
   * when {@code training}.
   */
  Embedded embed(Tape tape, GraphInput input, boolean training, Rng rng);

  /**
   * The output embeddings of every node of a whole-graph input ({@link GraphInput#full}), one layer
   * at a time over chunks of {@code chunk} destination nodes: memory is two layers of node vectors
   * plus one chunk's temporaries, not every activation of a whole-graph pass (PyG's layer-wise
   * inference). Equal to {@link #embed} up to the order of float sums.
   */
  Embedded embedLayerwise(GraphInput input, int chunk, org.recsys4j.core.Parallel par);

  /** Whole graphs above this many nodes are embedded layer-wise by {@link #embedAll}. */
  int LAYERWISE_ABOVE = 200_000;

  /**
   * Every node's output embedding for scoring: one pass with {@link #embed} for a graph of at most
   * {@link #LAYERWISE_ABOVE} nodes, {@link #embedLayerwise} above.
   */
  default Embedded embedAll(GraphInput input, org.recsys4j.core.Parallel par) {
    if (input.userIds() == null && input.users() + input.items() > LAYERWISE_ABOVE) {
      return embedLayerwise(input, 1 << 16, par);
    }
    return embed(new Tape(par), input, false, null);
  }

  /**
   * Logits of the links ({@code users[k]}, {@code items[k]}), indices into the rows of {@code
   * users} and {@code items}.
   */
  Variable logits(Tape tape, Variable users, Variable items, int[] userRows, int[] itemRows);

  /**
   * A scorer over {@code input}'s graph: the nodes are embedded once here, then links are scored
   * from the embeddings in batches (indices are rows of the input's targets).
   */
  default org.recsys4j.eval.LinkScorer scorer(GraphInput input, org.recsys4j.core.Parallel par) {
    Tape tape = new Tape(par);
    Embedded e = embedAll(input, par);
    Variable u = tape.constant(e.users().value());
    Variable i = tape.constant(e.items().value());
    return (users, items, out) -> {
      int batch = 1 << 16;
      for (int from = 0; from < users.length; from += batch) {
        int n = Math.min(batch, users.length - from);
        Tape t = new Tape(par);
        float[] z =
            logits(
                    t,
                    u,
                    i,
                    java.util.Arrays.copyOfRange(users, from, from + n),
                    java.util.Arrays.copyOfRange(items, from, from + n))
                .value()
                .toArray();
        for (int k = 0; k < n; k++) {
          out[from + k] = (float) org.recsys4j.core.autograd.Activations.sigmoid(z[k]);
        }
      }
    };
  }

  /** Output embeddings of users and items (rows in the input's target order). */
  record Embedded(Variable users, Variable items) {}
}
