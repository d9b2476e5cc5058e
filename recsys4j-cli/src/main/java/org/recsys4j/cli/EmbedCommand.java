package org.recsys4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.graph.NodeFeatures;
import org.recsys4j.data.impressions.NodeTable;
import org.recsys4j.train.LinkEmbedder;
import org.recsys4j.train.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys4j embed}: embeddings for nodes a link model never saw, from their features and the
 * links they have now, with no retraining (inductive cold start).
 */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Embed new users or items with a GraphSAGE bundle: they join the bundle's graph with their "
          + "feature rows (the bundle's node-table layout, encoded by its fitted transforms) and the "
          + "links of --edges, and are embedded with the trained weights, no retraining. Writes the "
          + "new nodes' embeddings (--all: every node's) as export-embeddings does.",
      "Example: recsys4j embed --model runs/gs --nodes new_items.csv --edges new_views.csv --out runs/new-emb"
    })
final class EmbedCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML file of option values; flags override it.")
  Path config;

  @Option(names = "--model", required = true, description = "GraphSAGE bundle directory.")
  Path bundle;

  @Option(
      names = "--nodes",
      description =
          "New nodes' table in the bundle's layout of --node-type's table (id and features).")
  Path nodes;

  @Option(
      names = "--node-type",
      defaultValue = "item",
      description = "item or user: what --nodes holds (default: ${DEFAULT-VALUE}).")
  String nodeType;

  @Option(
      names = "--edges",
      description =
          "Links the new nodes have now: CSV with header user,item[,edge_type][,timestamp] (edge type"
              + " default: the model's first).")
  Path edges;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @Option(
      names = "--all",
      description = "Write every node's embedding over the grown graph, not only the new nodes'.")
  boolean all;

  @Option(
      names = "--format",
      split = ",",
      defaultValue = "csv,safetensors",
      description = "csv, safetensors or both.")
  String[] formats;

  @Option(names = "--threads", description = "Worker threads (default: available processors).")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    EmbeddingWriter.checkFormats(formats);
    if (!nodeType.equals("item") && !nodeType.equals("user")) {
      throw new IllegalArgumentException(
          "--node-type must be item or user, got '" + nodeType + "'");
    }
    if (nodes == null && edges == null) {
      throw new IllegalArgumentException(
          "give --nodes, --edges or both: there is nothing to embed");
    }
    ModelBundle b = ModelBundle.load(bundle, Parallel.serial());
    b.linkModel("embed");
    NodeTable table = null;
    if (nodes != null) {
      NodeFeatures f =
          nodeType.equals("item") ? b.graph().itemFeatures() : b.graph().userFeatures();
      table = NodeTable.read(nodes, f.schema(), BadRowPolicy.ERROR);
    }
    LinkEmbedder.Links links =
        edges == null
            ? LinkEmbedder.Links.none()
            : LinkFiles.links(
                edges, b.graph().edgeTypes().get(0), ExportEmbeddingsCommand.cutTime(b));
    LinkEmbedder emb =
        LinkEmbedder.of(
            b,
            nodeType.equals("user") ? table : null,
            nodeType.equals("item") ? table : null,
            List.of(),
            List.of(),
            links);
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    float[][] v;
    try (Parallel par = new Parallel(t)) {
      v = emb.embeddings(par);
    }
    int d = emb.dim();
    IdMap users = emb.users();
    IdMap items = emb.items();
    int fromUser = all ? 0 : users.size() - emb.newUsers();
    int fromItem = all ? 0 : items.size() - emb.newItems();
    IdMap outUsers = tail(users, fromUser);
    IdMap outItems = tail(items, fromItem);
    float[] uv = java.util.Arrays.copyOfRange(v[0], fromUser * d, users.size() * d);
    float[] iv = java.util.Arrays.copyOfRange(v[1], fromItem * d, items.size() * d);
    Map<String, Object> info = ExportEmbeddingsCommand.versionInfo(b, new float[][] {uv, iv}, d);
    info.put("new_users", emb.newUsers());
    info.put("new_items", emb.newItems());
    EmbeddingWriter.write(out, formats, outUsers, uv, outItems, iv, d, info);
    System.out.printf(
        "embedded %d new users and %d new items (%s) with %s; wrote %d user and %d item"
            + " embeddings to %s%n",
        emb.newUsers(),
        emb.newItems(),
        links.users().isEmpty() ? "features only" : links.users().size() + " new links",
        b.model().type(),
        outUsers.size(),
        outItems.size(),
        out);
    return 0;
  }

  private static IdMap tail(IdMap ids, int from) {
    IdMap m = new IdMap();
    for (int i = from; i < ids.size(); i++) {
      m.add(ids.rawId(i));
    }
    return m;
  }
}
