package org.recsys4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recsys4j.core.nn.Mlp;
import org.recsys4j.models.ModelProvider;
import org.recsys4j.models.Models;
import picocli.CommandLine.Option;

/**
 * The model and its hyper-parameters. Every option here sets one field of the model's config
 * record; an option the chosen model does not read is an error, and an option not given takes the
 * model's own default ({@code recsys4j models} lists them). The DLRM reference's spellings are
 * aliases of the one name for each thing.
 */
final class ModelOptions {
  /** Config field -> the option's primary name, for errors and help. */
  static final Map<String, String> FLAGS = new LinkedHashMap<>();

  static {
    FLAGS.put("dim", "--dim");
    FLAGS.put("layers", "--layers");
    FLAGS.put("l2", "--l2");
    FLAGS.put("initStd", "--init-std");
    FLAGS.put("propagation", "--propagation");
    FLAGS.put("bottomMlp", "--bottom-mlp");
    FLAGS.put("topMlp", "--mlp");
    FLAGS.put("crossLayers", "--cross-layers");
    FLAGS.put("bagMean", "--bag-pooling");
    FLAGS.put("idEmbeddings", "--id-embeddings");
    FLAGS.put("scorer", "--scorer");
    FLAGS.put("normalize", "--normalize");
    FLAGS.put("dropout", "--dropout");
  }

  @Option(
      names = "--model",
      defaultValue = "lightgcn",
      description =
          "The model (default: ${DEFAULT-VALUE}); "
              + "'recsys4j models' lists them with their options and defaults.")
  String model;

  @Option(
      names = {"--dim", "--arch-sparse-feature-size"},
      description = "Embedding dimension.")
  Integer dim;

  @Option(names = "--layers", description = "LightGCN propagation layers.")
  Integer layers;

  @Option(names = "--l2", description = "L2 weight on the batch's embedding rows.")
  Float l2;

  @Option(
      names = "--init-std",
      description =
          "Std of the normal initialisation of the embeddings (DLRM: 0 = the "
              + "reference's U(+-1/sqrt(rows))).")
  Float initStd;

  @Option(
      names = "--propagation",
      description =
          "LightGCN: storage of the training step's propagated layers, fp32 "
              + "or bf16 (bfloat16 rows; sums, weights and scoring stay float).")
  String propagation;

  @Option(
      names = {"--bottom-mlp", "--arch-mlp-bot"},
      description =
          "DLRM bottom MLP, dense inputs first, e.g. "
              + "13-512-256-64-16 (default: <dense>-64-<dim>).")
  String bottomMlp;

  @Option(
      names = {"--mlp", "--arch-mlp-top"},
      description =
          "The MLP after the embeddings: the deep part of deepfm, "
              + "widedeep and dcnv2 (hidden sizes, e.g. 400-400-400), DLRM's top MLP (ending in 1, e.g. 512-256-1).")
  String mlp;

  @Option(names = "--cross-layers", description = "DCN-v2 cross layers.")
  Integer crossLayers;

  @Option(names = "--bag-pooling", description = "Multi-hot pooling: sum or mean.")
  String bagPooling;

  @Option(
      names = "--id-embeddings",
      arity = "1",
      description =
          "GraphSAGE: true = a learned embedding per node known in training beside its features;"
              + " false = fully inductive (features and links only).")
  Boolean idEmbeddings;

  @Option(
      names = "--scorer",
      description = "GraphSAGE link scorer: dot, or mlp over [h_u, h_i, h_u*h_i] (sizes: --mlp).")
  String scorer;

  @Option(
      names = "--normalize",
      arity = "1",
      description = "GraphSAGE: true = L2-normalise each layer's output.")
  Boolean normalize;

  @Option(names = "--dropout", description = "GraphSAGE: dropout between layers in training.")
  Float dropout;

  ModelProvider provider() {
    return Models.get(model);
  }

  /** The config fields set by options, by field name. */
  Map<String, Object> given() {
    Map<String, Object> g = new LinkedHashMap<>();
    put(g, "dim", dim);
    put(g, "layers", layers);
    put(g, "l2", l2);
    put(g, "initStd", initStd);
    put(g, "propagation", propagation);
    put(g, "bottomMlp", bottomMlp == null ? null : Mlp.parseSizes("--bottom-mlp", bottomMlp));
    put(g, "topMlp", mlp == null ? null : Mlp.parseLayers("--mlp", mlp));
    put(g, "crossLayers", crossLayers);
    put(g, "idEmbeddings", idEmbeddings);
    put(g, "scorer", scorer);
    put(g, "normalize", normalize);
    put(g, "dropout", dropout);
    if (bagPooling != null) {
      if (!bagPooling.equals("sum") && !bagPooling.equals("mean")) {
        throw new IllegalArgumentException(
            "--bag-pooling must be sum or mean, got '" + bagPooling + "'");
      }
      g.put("bagMean", bagPooling.equals("mean"));
    }
    return g;
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  /**
   * The model's config: its defaults with the given options applied. An option the model does not
   * read is an error naming the option, the model and the options it does read.
   */
  Record config(Map<String, Object> derived) {
    return config(derived, flag -> "");
  }

  /** As {@link #config(Map)}; {@code source} says where a wrongly given option came from. */
  Record config(Map<String, Object> derived, java.util.function.Function<String, String> source) {
    return config(derived, source, provider().defaultConfig());
  }

  /**
   * The given options that set a value other than {@code base}'s (a warm start keeps its parent's
   * configuration, so a config file repeating it is fine, a change is not).
   */
  List<String> changedFrom(Record base, java.util.function.Function<String, String> source) {
    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.databind.JsonNode was = json.valueToTree(base);
    com.fasterxml.jackson.databind.JsonNode now = json.valueToTree(config(Map.of(), source, base));
    List<String> changed = new ArrayList<>();
    for (String field : given().keySet()) {
      if (!was.path(field).equals(now.path(field))) {
        changed.add(FLAGS.get(field) + source.apply(FLAGS.get(field)));
      }
    }
    return changed;
  }

  private Record config(
      Map<String, Object> derived,
      java.util.function.Function<String, String> source,
      Record base) {
    ModelProvider p = provider();
    Map<String, Object> g = checkApplicable(source);
    ObjectMapper json = new ObjectMapper();
    ObjectNode node = json.valueToTree(base);
    derived.forEach((k, v) -> node.set(k, json.valueToTree(v)));
    g.forEach((k, v) -> node.set(k, json.valueToTree(v)));
    try {
      return json.treeToValue(node, p.configClass());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      if (e.getCause() instanceof IllegalArgumentException) { // the record's own validation
        throw (IllegalArgumentException) e.getCause();
      }
      throw new IllegalArgumentException(p.type() + " config: " + e.getOriginalMessage(), e);
    }
  }

  /** The given fields, or an error naming every given option the model does not read. */
  Map<String, Object> checkApplicable(java.util.function.Function<String, String> source) {
    ModelProvider p = provider();
    Map<String, Object> g = given();
    List<String> wrong = new ArrayList<>();
    for (String field : g.keySet()) {
      if (!p.fields().contains(field)) {
        wrong.add(FLAGS.get(field) + source.apply(FLAGS.get(field)));
      }
    }
    if (!wrong.isEmpty()) {
      List<String> takes = new ArrayList<>();
      p.fields().forEach(f -> takes.add(FLAGS.get(f)));
      throw new IllegalArgumentException(
          String.join(", ", wrong)
              + (wrong.size() == 1 ? " does" : " do")
              + " not apply to "
              + p.type()
              + "; its options are "
              + (takes.isEmpty() ? "none" : String.join(" ", takes)));
    }
    return g;
  }
}
