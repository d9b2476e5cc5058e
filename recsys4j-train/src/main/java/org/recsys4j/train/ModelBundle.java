package org.recsys4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.Interactions;
import org.recsys4j.data.ctr.CtrTransforms;
import org.recsys4j.models.Model;
import org.recsys4j.models.ModelFamily;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.ModelProvider;
import org.recsys4j.models.Models;
import org.recsys4j.models.RankingModel;
import org.recsys4j.models.ctr.CtrModel;

/**
 * A saved model of any family, one directory: {@code manifest.json} (format and version, family,
 * model type and full config, dataset fingerprint, seed, threads, training settings, metrics and
 * how they were selected, library and JVM versions, creation time, {@code parent} for a
 * warm-started retrain, and the list of sections), {@code weights.safetensors} (readable by PyTorch
 * and JAX users), and the family's named {@link BundleSections}. It is written to a temporary
 * sibling directory and renamed into place, so a reader never sees half a bundle.
 *
 * <p>{@link #load} reads this format (version 2) and both version-1 formats (ranking {@code
 * recsys4j-bundle} and {@code recsys4j-ctr-bundle}, whose files are the same sections).
 */
public final class ModelBundle {
  public static final String FORMAT = "recsys4j-bundle";

  /** The version-1 format of CTR bundles (read, no longer written). */
  static final String FORMAT_CTR_V1 = "recsys4j-ctr-bundle";

  public static final int FORMAT_VERSION = 2;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;
  private final Model model;
  private final ModelFamily family;
  private final BundleSections sections;
  private final JsonNode manifest;

  private ModelBundle(
      Path dir, Model model, ModelFamily family, BundleSections sections, JsonNode manifest) {
    this.dir = dir;
    this.model = model;
    this.family = family;
    this.sections = sections;
    this.manifest = manifest;
  }

  /** What a bundle records about where a model came from, besides the model itself. */
  public record Provenance(
      String datasetName,
      String fingerprint,
      Map<String, Object> dataset,
      long seed,
      int threads,
      Map<String, Object> training,
      Map<String, Double> metrics,
      String selectedBy,
      String parent) {
    public Provenance {
      dataset =
          dataset == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dataset));
      training =
          training == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(training));
      metrics =
          metrics == null
              ? Map.of()
              : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }

    /**
     * What a run did, for a manifest's {@code training}: epochs run, the selected epoch and how,
     * the wall time.
     */
    public static Map<String, Object> outcome(TrainReport report) {
      Map<String, Object> training = new java.util.LinkedHashMap<>();
      training.put("epochs_run", report.epochs().size());
      training.put("best_epoch", report.bestEpoch());
      training.put("selected_by", report.selectedBy());
      training.put("total_seconds", report.totalSeconds());
      return training;
    }

    /**
     * The provenance of a training run: its data, seed and threads, and the report's metrics and
     * selection.
     */
    public static Provenance of(
        String datasetName, String fingerprint, long seed, int threads, TrainReport report) {
      Map<String, Object> training = outcome(report);
      return new Provenance(
          datasetName,
          fingerprint,
          Map.of(),
          seed,
          threads,
          training,
          report.best(),
          report.selectedBy(),
          null);
    }
  }

  public Model model() {
    return model;
  }

  /** The bundle's directory. */
  public Path directory() {
    return dir;
  }

  public ModelFamily family() {
    return family;
  }

  public JsonNode manifest() {
    return manifest;
  }

  /** The model as {@code type}, or an error saying what this bundle holds instead. */
  private <T> T as(Class<T> type, String purpose, ModelFamily wanted, String label) {
    if (!type.isInstance(model)) {
      throw new IllegalArgumentException(
          dir
              + " holds a "
              + model.type()
              + " model ("
              + family.id()
              + "); "
              + purpose
              + " needs a "
              + label
              + " model ("
              + String.join(", ", Models.types(wanted))
              + ")");
    }
    return type.cast(model);
  }

  /** The model as a ranking model, or an error saying what this bundle holds instead. */
  public RankingModel rankingModel(String purpose) {
    return as(RankingModel.class, purpose, ModelFamily.RANKING, "ranking");
  }

  /** The model as a link model, or an error saying what this bundle holds instead. */
  public org.recsys4j.models.LinkModel linkModel(String purpose) {
    return as(org.recsys4j.models.LinkModel.class, purpose, ModelFamily.LINK, "link");
  }

  /** The model as a CTR model, or an error saying what this bundle holds instead. */
  public CtrModel ctrModel(String purpose) {
    return as(CtrModel.class, purpose, ModelFamily.CTR, "CTR");
  }

  public IdMap users() {
    return require(sections.users(), BundleSections.IDS);
  }

  public IdMap items() {
    return require(sections.items(), BundleSections.IDS);
  }

  /** The training interactions (ranking models). */
  public Interactions train() {
    return require(sections.interactions(), BundleSections.INTERACTIONS);
  }

  /**
   * Everything known about users before a test: the training interactions and any validation
   * interactions held out of them. Ranking for a test excludes these.
   */
  public Interactions exclusions() {
    Interactions t = train();
    return sections.heldOut() == null ? t : Interactions.union(t, sections.heldOut());
  }

  /** The fitted feature transforms (CTR models). */
  public CtrTransforms transforms() {
    return require(sections.transforms(), BundleSections.TRANSFORMS);
  }

  /** A link model's graph section. */
  public GraphSection graph() {
    return require(sections.graph(), BundleSections.GRAPH);
  }

  private <T> T require(T part, String name) {
    if (part == null) {
      throw new IllegalArgumentException(
          dir + " has no '" + name + "' section (it holds a " + model.type() + " model)");
    }
    return part;
  }

  /**
   * True when {@code dir} holds a bundle of any version (its manifest names a recsys4j bundle
   * format).
   */
  public static boolean isBundle(Path dir) {
    Path mf = dir.resolve("manifest.json");
    if (!Files.isRegularFile(mf)) {
      return false;
    }
    try {
      String f = new ObjectMapper().readTree(mf.toFile()).path("format").asText();
      return FORMAT.equals(f) || FORMAT_CTR_V1.equals(f);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes a bundle to {@code dir}. An existing {@code dir} is replaced only when it is a bundle or
   * empty; anything else there is an error naming it, never deleted.
   */
  public static void save(Path dir, Model model, BundleSections sections, Provenance prov) {
    Path target = dir.toAbsolutePath().normalize();
    org.recsys4j.core.io.OutputDirectories.checkReplaceable(
        target, "bundle", ModelBundle::isBundle);
    ModelProvider provider = Models.get(model.type());
    try {
      Path tmp = AtomicFiles.stagingDirectoryFor(target);
      try {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", FORMAT);
        m.put("format_version", FORMAT_VERSION);
        m.put("family", provider.family().id());
        m.put("model_type", model.type());
        m.set("config", JSON.valueToTree(model.config()));
        ObjectNode ds = m.putObject("dataset");
        ds.put("name", prov.datasetName());
        ds.put("fingerprint", prov.fingerprint());
        prov.dataset().forEach((k, v) -> ds.set(k, JSON.valueToTree(v)));
        if (sections.interactions() != null) {
          ds.put("users", sections.users().size());
          ds.put("items", sections.items().size());
          ds.put("train_interactions", sections.interactions().size());
        }
        m.put("seed", prov.seed());
        m.put("threads", prov.threads());
        m.set("training", JSON.valueToTree(prov.training()));
        m.set("metrics", JSON.valueToTree(prov.metrics()));
        m.put("selected_by", prov.selectedBy());
        if (prov.parent() == null) {
          m.putNull("parent");
        } else {
          m.put("parent", prov.parent());
        }
        m.set("sections", JSON.valueToTree(sections.names()));
        BundleManifest.putVersions(m);
        AtomicFiles.writeString(tmp.resolve("manifest.json"), JSON.writeValueAsString(m));
        SafeTensors.write(
            tmp.resolve("weights.safetensors"), model.exportWeights(), Map.of("format", "pt"));
        sections.write(tmp);
        AtomicFiles.replaceDirectory(tmp, target);
      } catch (IOException | RuntimeException e) {
        AtomicFiles.deleteTree(tmp);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write bundle " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Loads a bundle of any family and version; the model is ready to answer (graph models have
   * propagated).
   */
  public static ModelBundle load(Path dir, Parallel parallel) {
    JsonNode m = BundleManifest.read(dir);
    Path mf = dir.resolve("manifest.json");
    String format = m.path("format").asText();
    int version = m.path("format_version").asInt();
    ModelFamily family;
    List<String> names = new ArrayList<>();
    if (version == 1) { // the two version-1 formats differ only in their manifests
      family = format.equals(FORMAT_CTR_V1) ? ModelFamily.CTR : ModelFamily.RANKING;
      names.addAll(
          family == ModelFamily.CTR
              ? List.of(BundleSections.TRANSFORMS)
              : List.of(BundleSections.IDS, BundleSections.INTERACTIONS));
    } else {
      family = ModelFamily.parse(BundleManifest.text(m, mf, "family"));
      BundleManifest.field(m, mf, "sections").forEach(n -> names.add(n.asText()));
    }
    String type = BundleManifest.text(m, mf, "model_type");
    ModelProvider provider;
    try {
      provider = Models.get(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          mf + ": " + e.getMessage() + " (written by a newer recsys4j?)");
    }
    if (provider.family() != family) {
      throw new IllegalArgumentException(
          mf
              + ": model_type "
              + type
              + " is a "
              + provider.family().id()
              + " model, the manifest says "
              + family.id());
    }
    Record config;
    try {
      config = JSON.treeToValue(BundleManifest.field(m, mf, "config"), provider.configClass());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException(mf + ": bad " + type + " config: " + e.getMessage(), e);
    }
    try {
      BundleSections sections = BundleSections.read(dir, names);
      ModelInputs inputs;
      if (family == ModelFamily.RANKING) {
        if (sections.interactions() == null) {
          throw new IllegalArgumentException(
              mf + ": a ranking bundle needs the interactions section");
        }
        inputs = ModelInputs.of(sections.interactions());
      } else if (family == ModelFamily.LINK) {
        if (sections.graph() == null) {
          throw new IllegalArgumentException(mf + ": a link bundle needs the graph section");
        }
        inputs = ModelInputs.of(sections.graph().shape());
      } else {
        JsonNode ds = BundleManifest.field(m, mf, "dataset");
        int[] cards = JSON.treeToValue(ds.path("cardinalities"), int[].class);
        int[] bags = JSON.treeToValue(ds.path("multi_hot_cardinalities"), int[].class);
        if (cards == null || !ds.has("dense")) {
          throw new IllegalArgumentException(
              mf + ": dataset lacks dense/cardinalities (needed to build the model)");
        }
        if (sections.transforms() != null
            && !Arrays.equals(sections.transforms().cardinalities(), cards)) {
          throw new IllegalArgumentException(
              dir + ": transforms and manifest disagree on the table sizes");
        }
        java.util.List<ModelInputs.Tuned> tuned = new java.util.ArrayList<>();
        for (JsonNode b : ds.path("fine_tune")) {
          if (b.size() != 3) {
            throw new IllegalArgumentException(
                mf + ": dataset.fine_tune: [first dense input, width, column] triples expected");
          }
          tuned.add(new ModelInputs.Tuned(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt()));
        }
        inputs =
            ModelInputs.of(
                new ModelInputs.FeatureShape(ds.path("dense").asInt(), cards, bags, tuned));
      }
      Model model = provider.create(config, inputs, m.path("seed").asLong());
      Path wf = dir.resolve("weights.safetensors");
      try {
        model.loadWeights(SafeTensors.read(wf, null));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(wf + ": " + e.getMessage(), e);
      }
      model.prepareForScoring(parallel);
      return new ModelBundle(dir, model, family, sections, m);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundle " + dir + ": " + e.getMessage(), e);
    }
  }
}
