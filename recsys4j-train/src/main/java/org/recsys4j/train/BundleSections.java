package org.recsys4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.Interactions;
import org.recsys4j.data.ctr.CtrTransforms;

/**
 * The named parts of a bundle besides the model's weights, each optional:
 *
 * <ul>
 *   <li>{@code ids}: the raw ids of users and items ({@code users.txt}, {@code items.txt});
 *   <li>{@code interactions}: the training interactions ({@code train.safetensors}, CSR by user),
 *       to exclude seen items and to rebuild graphs; with them, the interactions held out of
 *       training for validation (also known, so also excluded when ranking), as {@code
 *       valid_indptr} and {@code valid_indices};
 *   <li>{@code transforms}: the fitted feature transforms and vocabularies ({@code
 *       transforms.json}, {@code vocab/}), so that raw rows become features exactly as in training;
 *   <li>{@code graph}: a link model's graph and node features ({@link GraphSection}).
 * </ul>
 */
public record BundleSections(
    IdMap users,
    IdMap items,
    Interactions interactions,
    Interactions heldOut,
    CtrTransforms transforms,
    GraphSection graph) {
  public static final String IDS = "ids";
  public static final String GRAPH = "graph";
  public static final String INTERACTIONS = "interactions";
  public static final String TRANSFORMS = "transforms";

  public BundleSections {
    if ((users == null) != (items == null)) {
      throw new IllegalArgumentException("the ids section needs both user and item ids");
    }
    if (interactions != null && users == null) {
      throw new IllegalArgumentException("the interactions section needs the ids section");
    }
    if (graph != null && users == null) {
      throw new IllegalArgumentException("the graph section needs the ids section");
    }
    if (heldOut != null && interactions == null) {
      throw new IllegalArgumentException("held-out interactions need the training interactions");
    }
  }

  /** What a ranking model saves: ids and training interactions. */
  public static BundleSections ranking(IdMap users, IdMap items, Interactions train) {
    return new BundleSections(users, items, train, null, null, null);
  }

  /**
   * What a ranking model saves when a validation split was held out of its training interactions.
   */
  public static BundleSections ranking(
      IdMap users, IdMap items, Interactions train, Interactions heldOut) {
    return new BundleSections(users, items, train, heldOut, null, null);
  }

  /** What a CTR model saves: its fitted transforms. */
  public static BundleSections ctr(CtrTransforms transforms) {
    return new BundleSections(null, null, null, null, transforms, null);
  }

  /** What a link model saves: node ids and its graph (features, transforms, message edges). */
  public static BundleSections link(IdMap users, IdMap items, GraphSection graph) {
    return new BundleSections(users, items, null, null, null, graph);
  }

  /** The names of the present sections, for the manifest. */
  public List<String> names() {
    List<String> n = new ArrayList<>();
    if (users != null) {
      n.add(IDS);
    }
    if (interactions != null) {
      n.add(INTERACTIONS);
    }
    if (transforms != null) {
      n.add(TRANSFORMS);
    }
    if (graph != null) {
      n.add(GRAPH);
    }
    return n;
  }

  void write(Path dir) throws IOException {
    if (users != null) {
      users.save(dir.resolve("users.txt"));
      items.save(dir.resolve("items.txt"));
    }
    if (interactions != null) {
      Map<String, SafeTensors.Entry> tr = new LinkedHashMap<>();
      tr.put(
          "indptr", SafeTensors.Entry.i32(interactions.userPtr(), interactions.userPtr().length));
      tr.put("indices", SafeTensors.Entry.i32(interactions.items(), interactions.items().length));
      if (heldOut != null) {
        tr.put("valid_indptr", SafeTensors.Entry.i32(heldOut.userPtr(), heldOut.userPtr().length));
        tr.put("valid_indices", SafeTensors.Entry.i32(heldOut.items(), heldOut.items().length));
      }
      SafeTensors.write(
          dir.resolve("train.safetensors"),
          tr,
          Map.of("users", "" + interactions.numUsers(), "items", "" + interactions.numItems()));
    }
    if (transforms != null) {
      transforms.save(dir);
    }
    if (graph != null) {
      graph.write(dir);
    }
  }

  static BundleSections read(Path dir, List<String> names) throws IOException {
    IdMap users = null;
    IdMap items = null;
    Interactions train = null;
    Interactions heldOut = null;
    CtrTransforms transforms = null;
    if (names.contains(IDS)) {
      users = IdMap.load(dir.resolve("users.txt"));
      items = IdMap.load(dir.resolve("items.txt"));
    }
    if (names.contains(INTERACTIONS)) {
      Path f = dir.resolve("train.safetensors");
      Map<String, SafeTensors.Entry> tr = SafeTensors.read(f, null);
      if (!tr.containsKey("indptr") || !tr.containsKey("indices")) {
        throw new IllegalArgumentException(f + ": missing indptr/indices");
      }
      if (users == null || tr.get("indptr").ints().length != users.size() + 1) {
        throw new IllegalArgumentException(
            f
                + ": holds "
                + (tr.get("indptr").ints().length - 1)
                + " users but users.txt has "
                + (users == null ? 0 : users.size()));
      }
      train = csr(f, tr, "", users.size(), items.size());
      if (tr.containsKey("valid_indptr")) {
        heldOut = csr(f, tr, "valid_", users.size(), items.size());
      }
    }
    if (names.contains(TRANSFORMS)) {
      transforms = CtrTransforms.load(dir);
    }
    GraphSection graph = null;
    if (names.contains(GRAPH)) {
      if (users == null) {
        throw new IllegalArgumentException(dir + ": the graph section needs the ids section");
      }
      graph = GraphSection.read(dir, users.size(), items.size());
    }
    return new BundleSections(users, items, train, heldOut, transforms, graph);
  }

  private static Interactions csr(
      Path f, Map<String, SafeTensors.Entry> tr, String prefix, int users, int items) {
    if (!tr.containsKey(prefix + "indices")
        || tr.get(prefix + "indptr").ints().length != users + 1) {
      throw new IllegalArgumentException(
          f + ": " + prefix + "indptr/" + prefix + "indices do not fit " + users + " users");
    }
    int[] ptr = tr.get(prefix + "indptr").ints();
    int[] indices = tr.get(prefix + "indices").ints();
    for (int u = 0; u < users; u++) {
      if (ptr[u] > ptr[u + 1] || ptr[u + 1] > indices.length || ptr[0] != 0) {
        throw new IllegalArgumentException(
            f + ": " + prefix + "indptr is not a valid CSR row pointer at user " + u);
      }
    }
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= items) {
        throw new IllegalArgumentException(
            f
                + ": "
                + prefix
                + "item index "
                + indices[i]
                + " at "
                + i
                + " outside the "
                + items
                + " items of items.txt");
      }
    }
    return Interactions.fromCsr(users, items, ptr, indices);
  }
}
