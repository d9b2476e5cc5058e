package org.recsys4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.Interactions;
import org.recsys4j.models.RankingModel;

/**
 * A saved model: a directory with {@code manifest.json} (format version, model type and config,
 * dataset fingerprint, seed, training options, versions, metrics), {@code weights.safetensors},
 * the id maps ({@code users.txt}, {@code items.txt}) and the training interactions
 * ({@code train.safetensors}, used to exclude seen items and to rebuild graphs). It is written to
 * a temporary sibling directory and renamed into place, so a reader never sees half a bundle.
 */
public final class ModelBundle {
  public static final String FORMAT = "recsys4j-bundle";
  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final RankingModel model;
  private final IdMap users;
  private final IdMap items;
  private final Interactions train;
  private final JsonNode manifest;

  private ModelBundle(RankingModel model, IdMap users, IdMap items, Interactions train, JsonNode manifest) {
    this.model = model;
    this.users = users;
    this.items = items;
    this.train = train;
    this.manifest = manifest;
  }

  public RankingModel model() {
    return model;
  }

  public IdMap users() {
    return users;
  }

  public IdMap items() {
    return items;
  }

  public Interactions train() {
    return train;
  }

  public JsonNode manifest() {
    return manifest;
  }

  /** What a bundle records about its provenance besides the model itself. */
  public record Provenance(String datasetName, String fingerprint, long seed, int threads,
      Map<String, Object> training, Map<String, Double> metrics) {}

  public static void save(Path dir, RankingModel model, IdMap users, IdMap items, Interactions train,
      Provenance prov) {
    Path target = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(target.getParent());
      Path tmp = AtomicFiles.stagingDirectoryFor(target);
      try {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", FORMAT);
        m.put("format_version", FORMAT_VERSION);
        m.put("model_type", model.type());
        m.set("config", JSON.valueToTree(model.config()));
        ObjectNode ds = m.putObject("dataset");
        ds.put("name", prov.datasetName());
        ds.put("fingerprint", prov.fingerprint());
        ds.put("users", users.size());
        ds.put("items", items.size());
        ds.put("train_interactions", train.size());
        m.put("seed", prov.seed());
        m.put("threads", prov.threads());
        m.set("training", JSON.valueToTree(prov.training()));
        m.set("metrics", JSON.valueToTree(prov.metrics()));
        BundleManifest.putVersions(m);
        AtomicFiles.writeString(tmp.resolve("manifest.json"), JSON.writeValueAsString(m));
        SafeTensors.write(tmp.resolve("weights.safetensors"), model.exportWeights(), Map.of("format", "pt"));
        Map<String, SafeTensors.Entry> tr = new LinkedHashMap<>();
        tr.put("indptr", SafeTensors.Entry.i32(train.userPtr(), train.userPtr().length));
        tr.put("indices", SafeTensors.Entry.i32(train.items(), train.items().length));
        SafeTensors.write(tmp.resolve("train.safetensors"), tr, Map.of("users", "" + train.numUsers(),
            "items", "" + train.numItems()));
        users.save(tmp.resolve("users.txt"));
        items.save(tmp.resolve("items.txt"));
        AtomicFiles.replaceDirectory(tmp, target);
      } catch (IOException | RuntimeException e) {
        AtomicFiles.deleteTree(tmp);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write bundle " + target + ": " + e.getMessage(), e);
    }
  }

  /** Loads a bundle; the model is ready to score (graph models have propagated). */
  public static ModelBundle load(Path dir, Parallel parallel) {
    JsonNode m = BundleManifest.read(dir, FORMAT, FORMAT_VERSION, "recsys4j bundle");
    try {
      String type = m.path("model_type").asText();
      Record config = ModelRegistry.configFromJson(type, m.path("config"));
      IdMap users = IdMap.load(dir.resolve("users.txt"));
      IdMap items = IdMap.load(dir.resolve("items.txt"));
      Map<String, SafeTensors.Entry> tr = SafeTensors.read(dir.resolve("train.safetensors"), null);
      if (!tr.containsKey("indptr") || !tr.containsKey("indices")) {
        throw new IllegalArgumentException(dir.resolve("train.safetensors") + ": missing indptr/indices");
      }
      if (tr.get("indptr").ints().length != users.size() + 1) {
        throw new IllegalArgumentException(dir + ": users.txt has " + users.size() + " ids but train.safetensors "
            + (tr.get("indptr").ints().length - 1) + " users");
      }
      Interactions train = Interactions.fromCsr(users.size(), items.size(), tr.get("indptr").ints(),
          tr.get("indices").ints());
      RankingModel model = ModelRegistry.create(type, config, train, m.path("seed").asLong());
      model.loadWeights(SafeTensors.read(dir.resolve("weights.safetensors"), null));
      model.prepareForScoring(parallel);
      return new ModelBundle(model, users, items, train, m);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundle " + dir + ": " + e.getMessage(), e);
    }
  }
}
