package org.recsys4j.models.graphsage;

import java.util.List;
import java.util.Map;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.autograd.Activations;
import org.recsys4j.core.autograd.Dense;
import org.recsys4j.core.autograd.Reductions;
import org.recsys4j.core.autograd.RowOps;
import org.recsys4j.core.autograd.Sparse;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.core.nn.EmbeddingTable;
import org.recsys4j.core.nn.Mlp;
import org.recsys4j.core.nn.Parameter;
import org.recsys4j.core.nn.ParameterSet;
import org.recsys4j.models.LinkModel;
import org.recsys4j.models.Model;
import org.recsys4j.models.ModelInputs.GraphShape;

/**
 * GraphSAGE on the user-item graph with PyG's semantics, so that results compare one to one: a node
 * type's input is its projected features ({@code Linear}) plus, optionally, a learned id embedding
 * for nodes known in training; each layer is {@code SAGEConv} (mean aggregation, {@code W_l
 * mean(h_N(v)) + b + W_r h_v}, optional L2 normalisation) made heterogeneous as {@code to_hetero}
 * does (own weights per edge type and direction, summed per destination type), with ReLU and
 * dropout between layers. Initialisation follows PyTorch's defaults ({@code Linear}: uniform within
 * {@code 1/sqrt(fan_in)}; {@code Embedding}: standard normal).
 */
final class GraphSage implements LinkModel {
  private static final int INTO_ITEMS = 0;
  private static final int INTO_USERS = 1;

  private final GraphSageConfig config;
  private final GraphShape shape;
  private final ParameterSet params = new ParameterSet();
  private final EmbeddingTable userEmb;
  private final EmbeddingTable itemEmb;
  private final Parameter[] userLin;
  private final Parameter[] itemLin;
  private final Parameter[][][] linL; // [layer][edge type][direction]
  private final Parameter[][][] linLBias;
  private final Parameter[][][] linR;
  private final Mlp mlp;

  GraphSage(GraphSageConfig config, GraphShape shape, long seed) {
    this.config = config;
    this.shape = shape;
    Rng rng = new Rng(seed);
    int d = config.dim();
    if (shape.userFeatures() == 0 && !config.idEmbeddings()) {
      throw new IllegalArgumentException(
          "graphsage: users have no features and id embeddings are off, so a user has nothing to"
              + " start from; give users a table or turn id embeddings on");
    }
    if (shape.itemFeatures() == 0 && !config.idEmbeddings()) {
      throw new IllegalArgumentException(
          "graphsage: items have no features and id embeddings are off, so an item has nothing to"
              + " start from; give items a table or turn id embeddings on");
    }
    userEmb = idTable("user_emb", shape.knownUsers(), d, rng);
    itemEmb = idTable("item_emb", shape.knownItems(), d, rng);
    userLin = shape.userFeatures() == 0 ? null : linear("user_lin", shape.userFeatures(), d, rng);
    itemLin = shape.itemFeatures() == 0 ? null : linear("item_lin", shape.itemFeatures(), d, rng);
    int types = shape.edgeTypes().size();
    linL = new Parameter[config.layers()][types][2];
    linLBias = new Parameter[config.layers()][types][2];
    linR = new Parameter[config.layers()][types][2];
    for (int l = 0; l < config.layers(); l++) {
      for (int e = 0; e < types; e++) {
        for (int dir = 0; dir < 2; dir++) {
          String name =
              "conv" + l + "." + (dir == INTO_ITEMS ? "" : "rev_") + shape.edgeTypes().get(e);
          Parameter[] left = linear(name + ".lin_l", d, d, rng);
          linL[l][e][dir] = left[0];
          linLBias[l][e][dir] = left[1];
          linR[l][e][dir] =
              params.add(new Parameter(name + ".lin_r.weight", uniform(d, d, d, rng)));
        }
      }
    }
    if (config.scorer().equals("mlp")) {
      int[] hidden = config.topMlp();
      int[] sizes = new int[hidden.length + 2];
      sizes[0] = 3 * d;
      System.arraycopy(hidden, 0, sizes, 1, hidden.length);
      sizes[sizes.length - 1] = 1;
      mlp = new Mlp(params, "scorer", sizes, false, rng);
    } else {
      mlp = null;
    }
  }

  private EmbeddingTable idTable(String name, int rows, int d, Rng rng) {
    if (!config.idEmbeddings() || rows == 0) {
      return null;
    }
    return params.add(new EmbeddingTable(name, rows, d).initNormal(rng, 1.0));
  }

  private Parameter[] linear(String name, int in, int out, Rng rng) {
    return new Parameter[] {
      params.add(new Parameter(name + ".weight", uniform(in, out, in, rng))),
      params.add(new Parameter(name + ".bias", uniform(1, out, in, rng)))
    };
  }

  /** U(-1/sqrt(fanIn), 1/sqrt(fanIn)), PyTorch's default for Linear weights and biases. */
  private static Tensor uniform(int rows, int cols, int fanIn, Rng rng) {
    Tensor t = rows == 1 ? Tensor.zeros(cols) : Tensor.zeros(rows, cols);
    double bound = 1.0 / Math.sqrt(fanIn);
    for (int i = 0; i < t.size(); i++) {
      t.data()[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
    }
    return t;
  }

  @Override
  public String type() {
    return "graphsage";
  }

  @Override
  public Record config() {
    return config;
  }

  @Override
  public ParameterSet parameters() {
    return params;
  }

  @Override
  public Map<String, SafeTensors.Entry> weights() {
    return Model.weightsOf(params);
  }

  @Override
  public int dim() {
    return config.dim();
  }

  @Override
  public int layers() {
    return config.layers();
  }

  /** The graph shape the model was built for. */
  GraphShape shape() {
    return shape;
  }

  @Override
  public Embedded embed(Tape tape, GraphInput in, boolean training, Rng rng) {
    int nu = in.userIds() == null ? in.users() : in.userIds().length;
    int ni = in.itemIds() == null ? in.items() : in.itemIds().length;
    Variable hu =
        input(tape, userEmb, userLin, nu, in.userIds(), in.userFeatures(), in.userFeaturesT());
    Variable hi =
        input(tape, itemEmb, itemLin, ni, in.itemIds(), in.itemFeatures(), in.itemFeaturesT());
    int layers = config.layers();
    if (in.blocks().length != layers) {
      throw new IllegalArgumentException(
          "graphsage has " + layers + " layers, the input " + in.blocks().length + " blocks");
    }
    for (int l = 0; l < layers; l++) {
      MessageBlock b = in.blocks()[l];
      Variable nextUsers = null;
      Variable nextItems = null;
      Variable selfItems = leading(tape, hi, b.dstItems());
      Variable selfUsers = leading(tape, hu, b.dstUsers());
      for (int e = 0; e < b.edgeTypes(); e++) {
        Variable toItems =
            conv(tape, l, e, INTO_ITEMS, b.toItems()[e], b.toItemsT()[e], hu, selfItems);
        Variable toUsers =
            conv(tape, l, e, INTO_USERS, b.toUsers()[e], b.toUsersT()[e], hi, selfUsers);
        nextItems = nextItems == null ? toItems : Dense.add(tape, nextItems, toItems);
        nextUsers = nextUsers == null ? toUsers : Dense.add(tape, nextUsers, toUsers);
      }
      if (l < layers - 1) {
        nextUsers = Activations.relu(tape, nextUsers);
        nextItems = Activations.relu(tape, nextItems);
        if (training && config.dropout() > 0) {
          nextUsers = RowOps.dropout(tape, nextUsers, config.dropout(), rng);
          nextItems = RowOps.dropout(tape, nextItems, config.dropout(), rng);
        }
      }
      hu = nextUsers;
      hi = nextItems;
    }
    return new Embedded(hu, hi);
  }

  @Override
  public Embedded embedLayerwise(GraphInput in, int chunk, Parallel par) {
    if (in.userIds() != null || in.itemIds() != null) {
      throw new IllegalArgumentException("layer-wise inference takes a whole-graph input");
    }
    int d = config.dim();
    float[] hu = inputRows(userEmb, userLin, in.users(), in.userFeatures(), chunk, par);
    float[] hi = inputRows(itemEmb, itemLin, in.items(), in.itemFeatures(), chunk, par);
    for (int l = 0; l < config.layers(); l++) {
      MessageBlock b = in.blocks()[l];
      boolean last = l == config.layers() - 1;
      float[] nextItems = layer(l, INTO_ITEMS, b.toItems(), hu, hi, in.items(), chunk, last, par);
      float[] nextUsers = layer(l, INTO_USERS, b.toUsers(), hi, hu, in.users(), chunk, last, par);
      hu = nextUsers;
      hi = nextItems;
    }
    Tape t = new Tape(par);
    return new Embedded(
        t.constant(Tensor.of(hu, in.users(), d)), t.constant(Tensor.of(hi, in.items(), d)));
  }

  /** The layer-0 input of nodes {@code 0 .. n-1}, {@code chunk} nodes at a time. */
  private float[] inputRows(
      EmbeddingTable ids, Parameter[] lin, int n, CsrMatrix features, int chunk, Parallel par) {
    int d = config.dim();
    float[] out = new float[n * d];
    for (int from = 0; from < n; from += chunk) {
      int m = Math.min(chunk, n - from);
      int[] idx = new int[m];
      for (int r = 0; r < m; r++) {
        idx[r] = from + r;
      }
      CsrMatrix f = features == null ? null : features.selectRows(idx, m);
      Tape t = new Tape(par);
      float[] x = input(t, ids, lin, m, idx, f, f == null ? null : f.transpose()).value().toArray();
      System.arraycopy(x, 0, out, from * d, m * d);
    }
    return out;
  }

  /**
   * One layer into one node type, {@code chunk} destination rows at a time: for each edge type the
   * mean of the sources, then both linear maps, summed; ReLU unless {@code last}.
   */
  private float[] layer(
      int l,
      int dir,
      CsrMatrix[] into,
      float[] src,
      float[] self,
      int rows,
      int chunk,
      boolean last,
      Parallel par) {
    int d = config.dim();
    float[] out = new float[rows * d];
    int[] ids = new int[Math.min(chunk, Math.max(rows, 1))];
    for (int from = 0; from < rows; from += chunk) {
      int n = Math.min(chunk, rows - from);
      for (int r = 0; r < n; r++) {
        ids[r] = from + r;
      }
      Tape t = new Tape(par);
      Variable selfRows =
          t.constant(Tensor.of(java.util.Arrays.copyOfRange(self, from * d, (from + n) * d), n, d));
      Variable sum = null;
      for (int e = 0; e < into.length; e++) {
        CsrMatrix a = into[e].selectRows(ids, n);
        float[] agg = new float[n * d];
        Sparse.spmmInto(par, a, src, d, agg);
        Variable o =
            Dense.add(
                t,
                Dense.affine(
                    t,
                    t.constant(Tensor.of(agg, n, d)),
                    t.constant(linL[l][e][dir].value()),
                    t.constant(linLBias[l][e][dir].value())),
                Dense.matmul(t, selfRows, false, t.constant(linR[l][e][dir].value()), false));
        if (config.normalize()) {
          o = RowOps.l2Normalize(t, o);
        }
        sum = sum == null ? o : Dense.add(t, sum, o);
      }
      if (!last) {
        sum = Activations.relu(t, sum);
      }
      float[] v = sum.value().toArray();
      System.arraycopy(v, 0, out, from * d, n * d);
    }
    return out;
  }

  /** One SAGEConv of edge type {@code e} into one destination type. */
  private Variable conv(
      Tape tape, int l, int e, int dir, CsrMatrix a, CsrMatrix aT, Variable src, Variable self) {
    Variable agg = Sparse.spmm(tape, a, aT, src);
    Variable out =
        Dense.add(
            tape,
            Dense.affine(tape, agg, tape.param(linL[l][e][dir]), tape.param(linLBias[l][e][dir])),
            Dense.matmul(tape, self, false, tape.param(linR[l][e][dir]), false));
    return config.normalize() ? RowOps.l2Normalize(tape, out) : out;
  }

  private static Variable leading(Tape tape, Variable h, int rows) {
    return h.value().rows() == rows ? h : Dense.sliceRows(tape, h, 0, rows);
  }

  /**
   * A node type's layer-0 input: its projected features plus, for nodes known in training, its id
   * embedding.
   */
  private Variable input(
      Tape tape,
      EmbeddingTable ids,
      Parameter[] lin,
      int n,
      int[] nodeIds,
      CsrMatrix features,
      CsrMatrix featuresT) {
    Variable x;
    if (lin != null) {
      if (features == null || features.rows() != n || features.cols() != lin[0].value().rows()) {
        throw new IllegalArgumentException(
            "graphsage: expected feature rows of width "
                + lin[0].value().rows()
                + " for "
                + n
                + " nodes, got "
                + (features == null ? "none" : features.rows() + "x" + features.cols()));
      }
      x =
          Dense.addBias(
              tape, Sparse.spmm(tape, features, featuresT, tape.param(lin[0])), tape.param(lin[1]));
    } else {
      x = tape.constant(tape.zeros(n, config.dim()));
    }
    if (ids == null) {
      return x;
    }
    int known = ids.rows();
    if (nodeIds == null) {
      int k = Math.min(known, n);
      int[] rows = new int[k];
      for (int r = 0; r < k; r++) {
        rows[r] = r;
      }
      return RowOps.addRowsAt(tape, x, Sparse.embedding(tape, ids, rows), null);
    }
    int k = 0;
    for (int id : nodeIds) {
      k += id < known ? 1 : 0;
    }
    if (k == 0) {
      return x; // every input node is new: features alone (a cold-start batch)
    }
    int[] at = new int[k];
    int[] which = new int[k];
    for (int r = 0, s = 0; r < nodeIds.length; r++) {
      if (nodeIds[r] < known) {
        at[s] = r;
        which[s++] = nodeIds[r];
      }
    }
    return RowOps.addRowsAt(tape, x, Sparse.embedding(tape, ids, which), at);
  }

  @Override
  public Variable logits(
      Tape tape, Variable users, Variable items, int[] userRows, int[] itemRows) {
    if (mlp == null) {
      return Reductions.gatherDot(tape, users, userRows, items, itemRows);
    }
    Variable u = Sparse.gatherRows(tape, users, userRows);
    Variable i = Sparse.gatherRows(tape, items, itemRows);
    return mlp.forward(tape, Dense.concat(tape, u, i, Dense.mul(tape, u, i)));
  }

  /** For tests: the parameter names. */
  List<String> names() {
    return List.copyOf(weights().keySet());
  }
}
