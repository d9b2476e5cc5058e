package org.recsys4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recsys4j.core.Parallel;
import org.recsys4j.eval.DotProductRecommender;
import org.recsys4j.models.ModelFamily;
import org.recsys4j.train.LinkEmbedder;
import org.recsys4j.train.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys4j export-embeddings}: the final user and item embeddings (for LightGCN, after
 * propagation; for GraphSAGE, every node embedded over the bundle's graph, with a version.json)
 * with raw ids, as CSV and as safetensors.
 */
@Command(
    name = "export-embeddings",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write user and item embeddings with their raw ids: users.csv, items.csv (raw_id,e0..eD-1)",
      "and embeddings.safetensors (user_embedding, item_embedding; ids in users.txt/items.txt).",
      "Example: recsys4j export-embeddings --model runs/gowalla --out runs/gowalla-emb"
    })
final class ExportEmbeddingsCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML file of option values; flags override it.")
  Path config;

  @Option(names = "--model", required = true, description = "Bundle directory.")
  Path bundle;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @Option(
      names = "--format",
      split = ",",
      defaultValue = "csv,safetensors",
      description = "csv, safetensors or both.")
  String[] formats;

  @Option(
      names = "--data",
      description =
          "Link models: the impression log the bundle was trained on; with --until, its links from the"
              + " bundle's graph cut up to --until join the graph before embedding (no retraining).")
  Path data;

  @Option(
      names = "--until",
      description =
          "Link models: grow the graph with the --data links before this time (epoch seconds or a"
              + " date); the export's graph cut time becomes it.")
  String until;

  @Option(
      names = "--threads",
      description = "Link models: worker threads (default: available processors).")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    EmbeddingWriter.checkFormats(formats);
    ModelBundle b = ModelBundle.load(bundle, Parallel.serial());
    if (b.family() == ModelFamily.LINK) {
      return exportLink(b);
    }
    DotProductRecommender e = b.rankingModel("export-embeddings").embeddings();
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("model_type", b.model().type());
    info.put("dataset_fingerprint", b.manifest().path("dataset").path("fingerprint").asText());
    EmbeddingWriter.write(
        out, formats, b.users(), e.userEmbeddings(), b.items(), e.itemEmbeddings(), e.dim(), info);
    System.out.printf(
        "wrote %d user and %d item embeddings (dim %d) to %s%n",
        e.numUsers(), e.numItems(), e.dim(), out);
    return 0;
  }

  /**
   * A link model's embeddings: every node embedded over the bundle's graph, versioned, with the
   * cold-start vectors (a user and an item with no features and no links) that a join falls back to
   * for ids the tables lack.
   */
  private int exportLink(ModelBundle b) throws IOException {
    int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    String cold = "\u0000cold"; // an extra, isolated node: it changes no other node's embedding
    long cutTime = cutTime(b);
    LinkEmbedder.Links links = LinkEmbedder.Links.none();
    org.recsys4j.data.impressions.ImpressionDataset ds = null;
    if ((data == null) != (until == null)) {
      throw new IllegalArgumentException("--data and --until go together");
    }
    if (until != null) {
      if (!b.manifest().path("dataset").path("test_from").isNumber()) {
        throw new IllegalArgumentException(
            b.directory()
                + " was trained on a random link split: it has no graph cut to grow from");
      }
      long to = CtrSetup.parseTime("--until", until);
      if (to < cutTime) {
        throw new IllegalArgumentException(
            "--until "
                + until
                + " is before the bundle's graph cut "
                + java.time.Instant.ofEpochSecond(cutTime));
      }
      ds =
          org.recsys4j.data.impressions.ImpressionDataset.read(
              data, org.recsys4j.data.ctr.BadRowPolicy.ERROR, null, null);
      links = linksBetween(ds, b.graph().edgeTypes(), cutTime, to);
      cutTime = to;
    }
    LinkEmbedder emb =
        LinkEmbedder.of(
            b,
            ds == null ? null : ds.users(),
            ds == null ? null : ds.items(),
            List.of(cold),
            List.of(cold),
            links);
    float[][] all;
    try (Parallel par = new Parallel(t)) {
      all = emb.embeddings(par);
    }
    int d = emb.dim();
    int nu = emb.users().size() - 1;
    int ni = emb.items().size() - 1;
    float[][] v = {
      java.util.Arrays.copyOf(all[0], nu * d), java.util.Arrays.copyOf(all[1], ni * d)
    };
    Map<String, Object> info = versionInfo(b, v, d);
    info.put("graph_cut_time", cutTime);
    if (until != null) {
      info.put("links_added", links.users().size());
    }
    org.recsys4j.data.IdMap users = head(emb.users(), nu);
    org.recsys4j.data.IdMap items = head(emb.items(), ni);
    EmbeddingWriter.write(
        out,
        formats,
        users,
        v[0],
        items,
        v[1],
        d,
        info,
        java.util.Arrays.copyOfRange(all[0], nu * d, (nu + 1) * d),
        java.util.Arrays.copyOfRange(all[1], ni * d, (ni + 1) * d));
    System.out.printf(
        "wrote %d user and %d item embeddings (dim %d, version %s) to %s%n",
        nu, ni, d, info.get("version"), out);
    return 0;
  }

  private static org.recsys4j.data.IdMap head(org.recsys4j.data.IdMap ids, int n) {
    org.recsys4j.data.IdMap m = new org.recsys4j.data.IdMap();
    for (int i = 0; i < n; i++) {
      m.add(ids.rawId(i));
    }
    return m;
  }

  /**
   * The impressions of {@code ds} in {@code [from, to)} whose edge type passes messages in the
   * model, as links to add (a log without an edge-type column: clicks are {@code click}).
   */
  static LinkEmbedder.Links linksBetween(
      org.recsys4j.data.impressions.ImpressionDataset ds, List<String> types, long from, long to) {
    org.recsys4j.data.impressions.ImpressionLog log = ds.log();
    List<String> u = new java.util.ArrayList<>();
    List<String> i = new java.util.ArrayList<>();
    List<String> t = new java.util.ArrayList<>();
    List<Long> time = new java.util.ArrayList<>();
    List<String> names = log.edgeTypes();
    for (int k = 0; k < log.size(); k++) {
      long ts = log.time(k);
      String type = names.get(log.edgeType(k));
      if (ts >= from && ts < to && types.contains(type)) {
        u.add(log.users().rawId(log.user(k)));
        i.add(log.items().rawId(log.item(k)));
        t.add(type);
        time.add(ts);
      }
    }
    return new LinkEmbedder.Links(u, i, t, time.stream().mapToLong(Long::longValue).toArray());
  }

  /** What version.json says of embeddings {@code v} of a link bundle. */
  static Map<String, Object> versionInfo(ModelBundle b, float[][] v, int dim) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("version", EmbeddingWriter.version(v[0], v[1]));
    info.put("model_type", b.model().type());
    info.put("bundle", b.directory().toAbsolutePath().normalize().toString());
    info.put("bundle_created", b.manifest().path("created").asText());
    info.put("dataset_fingerprint", b.manifest().path("dataset").path("fingerprint").asText());
    info.put("graph_cut_time", cutTime(b));
    info.put("dim", dim);
    return info;
  }

  /**
   * The graph's cut time: the start of the held-out period of a temporal split, else one second
   * after the latest link in the graph.
   */
  static long cutTime(ModelBundle b) {
    com.fasterxml.jackson.databind.JsonNode from = b.manifest().path("dataset").path("test_from");
    if (from.isNumber()) {
      return from.asLong();
    }
    long max = Long.MIN_VALUE;
    org.recsys4j.data.graph.HeteroGraph g = b.graph().graph();
    for (int e = 0; e < g.edgeTypeCount(); e++) {
      for (long x : g.userToItem(e).times()) {
        max = Math.max(max, x);
      }
    }
    return max == Long.MIN_VALUE ? 0 : max + 1;
  }
}
