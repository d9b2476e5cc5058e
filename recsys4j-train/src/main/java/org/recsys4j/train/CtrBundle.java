package org.recsys4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.data.ctr.CtrDataset;
import org.recsys4j.data.ctr.CtrTransforms;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.models.ctr.CtrModels;

/**
 * A saved CTR model: {@code manifest.json} (format, model type and config, dataset fingerprint,
 * seed, training options, versions, metrics), {@code weights.safetensors}, and the fitted transforms
 * of the data it was trained on ({@code transforms.json} and {@code vocab/}), so that
 * {@code predict} turns raw rows into features exactly as training did. Written to a staging
 * directory and renamed into place.
 */
public final class CtrBundle {
  public static final String FORMAT = "recsys4j-ctr-bundle";
  public static final int FORMAT_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final CtrModel model;
  private final CtrTransforms transforms;
  private final JsonNode manifest;

  private CtrBundle(CtrModel model, CtrTransforms transforms, JsonNode manifest) {
    this.model = model;
    this.transforms = transforms;
    this.manifest = manifest;
  }

  public CtrModel model() {
    return model;
  }

  public CtrTransforms transforms() {
    return transforms;
  }

  public JsonNode manifest() {
    return manifest;
  }

  /** A short fingerprint of a processed dataset: SHA-256 of its metadata and fitted transforms. */
  public static String fingerprint(CtrDataset data) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(Files.readAllBytes(data.directory().resolve("meta.json")));
      md.update(Files.readAllBytes(data.directory().resolve("transforms.json")));
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + data.directory() + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void save(Path dir, CtrModel model, CtrDataset trainedOn, long seed, int threads,
      Map<String, Object> training, Map<String, Double> metrics) {
    Path target = dir.toAbsolutePath().normalize();
    try {
      Path tmp = AtomicFiles.stagingDirectoryFor(target);
      try {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", FORMAT);
        m.put("format_version", FORMAT_VERSION);
        m.put("model_type", model.type());
        m.set("config", JSON.valueToTree(model.config()));
        ObjectNode ds = m.putObject("dataset");
        ds.put("path", trainedOn.directory().toAbsolutePath().toString());
        ds.put("fingerprint", fingerprint(trainedOn));
        ds.put("rows", trainedOn.rows());
        ds.put("dense", trainedOn.denseCount());
        ds.set("cardinalities", JSON.valueToTree(trainedOn.cardinalities()));
        ds.set("multi_hot_cardinalities", JSON.valueToTree(trainedOn.multiHotCardinalities()));
        m.put("seed", seed);
        m.put("threads", threads);
        m.set("training", JSON.valueToTree(training));
        m.set("metrics", JSON.valueToTree(metrics));
        BundleManifest.putVersions(m);
        AtomicFiles.writeString(tmp.resolve("manifest.json"), JSON.writeValueAsString(m));
        SafeTensors.write(tmp.resolve("weights.safetensors"), model.weights(), Map.of("format", "pt"));
        trainedOn.transforms().save(tmp);
        AtomicFiles.replaceDirectory(tmp, target);
      } catch (IOException | RuntimeException e) {
        AtomicFiles.deleteTree(tmp);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write bundle " + target + ": " + e.getMessage(), e);
    }
  }

  /** True when {@code dir} holds a CTR bundle (as opposed to a ranking bundle). */
  public static boolean isCtrBundle(Path dir) {
    Path mf = dir.resolve("manifest.json");
    if (!Files.isRegularFile(mf)) {
      return false;
    }
    try {
      return FORMAT.equals(JSON.readTree(mf.toFile()).path("format").asText());
    } catch (IOException e) {
      return false;
    }
  }

  public static CtrBundle load(Path dir) {
    JsonNode m = BundleManifest.read(dir, FORMAT, FORMAT_VERSION, "recsys4j CTR bundle");
    try {
      CtrConfig config = JSON.treeToValue(m.path("config"), CtrConfig.class);
      JsonNode ds = m.path("dataset");
      int[] cards = JSON.treeToValue(ds.path("cardinalities"), int[].class);
      int[] bags = JSON.treeToValue(ds.path("multi_hot_cardinalities"), int[].class);
      CtrModel model = CtrModels.create(config, ds.path("dense").asInt(), cards, bags, m.path("seed").asLong());
      model.loadWeights(SafeTensors.read(dir.resolve("weights.safetensors"), null));
      CtrTransforms t = CtrTransforms.load(dir);
      if (!java.util.Arrays.equals(t.cardinalities(), cards)) {
        throw new IllegalArgumentException(dir + ": transforms and manifest disagree on the table sizes");
      }
      return new CtrBundle(model, t, m);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundle " + dir + ": " + e.getMessage(), e);
    }
  }

}
