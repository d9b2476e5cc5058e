package org.recsys4j.serve;

import java.nio.file.Path;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.Interactions;
import org.recsys4j.data.graph.HeteroGraph;
import org.recsys4j.eval.DotProductRecommender;
import org.recsys4j.models.ModelFamily;
import org.recsys4j.models.graphsage.GraphSageConfig;
import org.recsys4j.train.GraphSection;
import org.recsys4j.train.IsolatedUserEmbedder;
import org.recsys4j.train.LinkEmbedder;
import org.recsys4j.train.ModelBundle;

/**
 * What the retrieval stage serves from, built once from a retrieval bundle (LightGCN, MF: the final
 * user and item embeddings) and never changed: the id maps, the user vectors, the exact item index,
 * each user's training items (filtered out of their answers) and the items by popularity (the
 * answer for a user the model does not know), with the optional {@link Ranker} that scores the
 * candidates. A reload builds a new catalog beside the old one.
 */
public final class Catalog {
  private final String version;
  private final IdMap users;
  private final IdMap items;
  private final float[] userVectors;
  private final int dim;
  private final ExactItemIndex index;
  private Retriever retriever;
  private final Interactions seen;
  private final int[] popular;
  private final IsolatedUserEmbedder coldStart;
  private ItemAttributes attributes;
  private int[] denied = new int[0];
  private Ranker ranker;
  private UnknownUsers unknownUsers = UnknownUsers.POPULARITY;

  /** What a user the retrieval model does not know is answered with. */
  public enum UnknownUsers {
    /** The most interacted-with items. */
    POPULARITY,
    /** Retrieval for the embedding a link model computes from the request's user features. */
    FEATURES;

    /** {@code popularity}, {@code features} or {@code auto} (features when the model can). */
    static UnknownUsers parse(String s, boolean featuresPossible, Path bundle) {
      switch (s) {
        case "popularity":
          return POPULARITY;
        case "features":
          if (!featuresPossible) {
            throw new IllegalArgumentException(
                "--unknown-users features: "
                    + bundle
                    + " cannot embed a user from features (only a GraphSAGE bundle trained with"
                    + " user features can)");
          }
          return FEATURES;
        case "auto":
          return featuresPossible ? FEATURES : POPULARITY;
        default:
          throw new IllegalArgumentException(
              "--unknown-users must be popularity, features or auto, got '" + s + "'");
      }
    }
  }

  private Catalog(
      String version,
      IdMap users,
      IdMap items,
      float[] userVectors,
      int dim,
      ExactItemIndex index,
      Retriever retriever,
      Interactions seen,
      IsolatedUserEmbedder coldStart) {
    this.version = version;
    this.users = users;
    this.items = items;
    this.userVectors = userVectors;
    this.dim = dim;
    this.index = index;
    this.retriever = retriever;
    this.seen = seen;
    this.popular = byPopularity(seen.itemDegrees());
    this.coldStart = coldStart;
    this.attributes = ItemAttributes.none(items.size());
  }

  /**
   * Loads a retrieval catalog with item attributes from {@code items} (a CSV, or null) and the
   * items listed in {@code deny} never answered (one raw id per line, or null).
   */
  public static Catalog load(Path bundle, Path items, Path deny) {
    Catalog c = load(bundle);
    if (items != null) {
      c.attributes = ItemAttributes.read(items, c.items);
    }
    if (deny != null) {
      c.denied = denyList(deny, c.items);
    }
    return c;
  }

  private static int[] denyList(Path file, IdMap items) {
    java.util.List<String> lines;
    try {
      lines = java.nio.file.Files.readAllLines(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot read deny list " + file + ": " + e.getMessage(), e);
    }
    java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
    for (String l : lines) {
      String id = l.strip();
      int i = id.isEmpty() || id.startsWith("#") ? -1 : items.indexOf(id);
      if (i >= 0) {
        ids.add(i);
      }
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Loads a retrieval catalog: a ranking bundle (LightGCN, MF: its final embeddings) or a link
   * bundle (GraphSAGE: every node embedded over the bundle's graph; its message-passing links are
   * the users' seen items).
   */
  public static Catalog load(Path bundle) {
    ModelBundle b = ModelBundle.load(bundle, Parallel.serial());
    String version =
        b.model().type()
            + "@"
            + b.manifest().path("dataset").path("fingerprint").asText("unknown")
            + "/"
            + b.manifest().path("created").asText("");
    if (b.family() == ModelFamily.LINK) {
      return link(b, version);
    }
    DotProductRecommender e = b.rankingModel("serve --retrieval").embeddings();
    ExactItemIndex index = new ExactItemIndex(e.itemEmbeddings(), e.numItems(), e.dim());
    return new Catalog(
        version,
        b.users(),
        b.items(),
        e.userEmbeddings(),
        e.dim(),
        index,
        index,
        b.exclusions(),
        null);
  }

  private static Catalog link(ModelBundle b, String version) {
    LinkEmbedder e = LinkEmbedder.of(b);
    float[][] emb;
    try (Parallel par = new Parallel(Runtime.getRuntime().availableProcessors())) {
      emb = e.embeddings(par);
    }
    int d = e.dim();
    int nItems = e.items().size();
    ExactItemIndex index = new ExactItemIndex(emb[1], nItems, d);
    boolean dot = !(b.model().config() instanceof GraphSageConfig c) || c.scorer().equals("dot");
    Retriever retriever =
        dot ? index : new ModelScoredRetriever(b.linkModel("serve"), emb[1], nItems, d);
    GraphSection g = b.graph();
    return new Catalog(
        version,
        e.users(),
        e.items(),
        emb[0],
        d,
        index,
        retriever,
        linked(g.graph()),
        g.userFeatures().width() > 0 ? new IsolatedUserEmbedder(b) : null);
  }

  /** Each user's items over every message-passing edge type, once each. */
  private static Interactions linked(HeteroGraph graph) {
    int n = 0;
    for (int t = 0; t < graph.edgeTypeCount(); t++) {
      n += graph.userToItem(t).edges();
    }
    int[] u = new int[n];
    int[] it = new int[n];
    int k = 0;
    for (int user = 0; user < graph.users(); user++) {
      java.util.TreeSet<Integer> items = new java.util.TreeSet<>();
      for (int t = 0; t < graph.edgeTypeCount(); t++) {
        HeteroGraph.Adjacency a = graph.userToItem(t);
        for (int j = a.ptr()[user]; j < a.ptr()[user + 1]; j++) {
          items.add(a.neighbours()[j]);
        }
      }
      for (int item : items) {
        u[k] = user;
        it[k++] = item;
      }
    }
    return Interactions.fromPairs(graph.users(), graph.items(), u, it, k);
  }

  private static int[] byPopularity(int[] degree) {
    Integer[] order = new Integer[degree.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> degree[y] != degree[x] ? degree[y] - degree[x] : x - y);
    int[] popular = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      popular[i] = order[i];
    }
    return popular;
  }

  /**
   * This catalog answering unknown users by {@code policy} ({@code popularity}, {@code features} or
   * {@code auto}); called while the catalog is built.
   */
  public Catalog withUnknownUsers(String policy, Path bundle) {
    this.unknownUsers = UnknownUsers.parse(policy, coldStart != null, bundle);
    return this;
  }

  /**
   * This catalog searching an HNSW graph (candidate list {@code ef}) instead of scanning, when it
   * holds more than {@code above} items and its model scores by inner product (negative: never);
   * called while the catalog is built.
   */
  public Catalog withHnswAbove(int above, int ef) {
    if (above >= 0 && index.size() > above && retriever == index) {
      retriever =
          new HnswItemIndex(index, 16, 100, ef, 8, Runtime.getRuntime().availableProcessors(), 42L);
    }
    return this;
  }

  /** How users the model does not know are answered. */
  public UnknownUsers unknownUsers() {
    return unknownUsers;
  }

  /**
   * The retrieval vector of a user the model does not know, from the request's user features (the
   * link model's cold start); only with {@link UnknownUsers#FEATURES}.
   */
  public float[] coldStartVector(java.util.Map<String, String> features) {
    try {
      return coldStart.embed(features);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("features", e.getMessage());
    }
  }

  /** The retrieval stage's search (exact inner product, HNSW, or the link model's own scorer). */
  public Retriever retriever() {
    return retriever;
  }

  /**
   * This catalog with {@code r} as its scoring stage (built for this catalog's items); called while
   * the catalog is built, before any request sees it.
   */
  public Catalog withRanker(Ranker r) {
    this.ranker = r;
    return this;
  }

  /** The scoring stage, or null: candidates are ordered by their retrieval scores. */
  public Ranker ranker() {
    return ranker;
  }

  /** Identifies the loaded model: its type, data fingerprint and creation time. */
  public String version() {
    return version;
  }

  public IdMap users() {
    return users;
  }

  public IdMap items() {
    return items;
  }

  public ExactItemIndex index() {
    return index;
  }

  /** User {@code u}'s vector (a copy). */
  public float[] userVector(int u) {
    return java.util.Arrays.copyOfRange(userVectors, u * dim, (u + 1) * dim);
  }

  /** How many items user {@code u} interacted with in training. */
  public int seenCount(int u) {
    return seen.degree(u);
  }

  /** Whether user {@code u} interacted with {@code item} in training (its sorted row, searched). */
  public boolean hasSeen(int u, int item) {
    return seen.contains(u, item);
  }

  /** Item attributes for filters and diversity (none without {@code --items}). */
  public ItemAttributes attributes() {
    return attributes;
  }

  /** Items never answered (the deny list), sorted ascending. */
  public int[] denied() {
    return denied;
  }

  /** Every item, most interacted-with first (ties: lower id first). */
  public int[] popular() {
    return popular;
  }
}
