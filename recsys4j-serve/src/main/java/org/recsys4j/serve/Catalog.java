package org.recsys4j.serve;

import java.nio.file.Path;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.Interactions;
import org.recsys4j.eval.DotProductRecommender;
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
  private final Interactions seen;
  private final int[] popular;
  private ItemAttributes attributes;
  private int[] denied = new int[0];
  private Ranker ranker;

  private Catalog(
      String version,
      IdMap users,
      IdMap items,
      float[] userVectors,
      int dim,
      ExactItemIndex index,
      Interactions seen,
      int[] popular) {
    this.version = version;
    this.users = users;
    this.items = items;
    this.userVectors = userVectors;
    this.dim = dim;
    this.index = index;
    this.seen = seen;
    this.popular = popular;
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

  /** Loads a ranking bundle (a model with user and item embeddings) as a retrieval catalog. */
  public static Catalog load(Path bundle) {
    ModelBundle b = ModelBundle.load(bundle, Parallel.serial());
    DotProductRecommender e = b.rankingModel("serve --retrieval").embeddings();
    Interactions seen = b.exclusions();
    int[] degree = seen.itemDegrees();
    Integer[] order = new Integer[degree.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> degree[y] != degree[x] ? degree[y] - degree[x] : x - y);
    int[] popular = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      popular[i] = order[i];
    }
    String version =
        b.model().type()
            + "@"
            + b.manifest().path("dataset").path("fingerprint").asText("unknown")
            + "/"
            + b.manifest().path("created").asText("");
    return new Catalog(
        version,
        b.users(),
        b.items(),
        e.userEmbeddings(),
        e.dim(),
        new ExactItemIndex(e.itemEmbeddings(), e.numItems(), e.dim()),
        seen,
        popular);
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
