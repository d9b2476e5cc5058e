package org.recsys4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.recsys4j.data.Interactions;
import org.recsys4j.models.RankingModel;
import org.recsys4j.models.lightgcn.LightGcn;
import org.recsys4j.models.lightgcn.LightGcnConfig;
import org.recsys4j.models.mf.MatrixFactorization;
import org.recsys4j.models.mf.MfConfig;

/** Creates ranking models by type name from their configuration (as saved in bundles). */
public final class ModelRegistry {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The model types this build can train. */
  public static final List<String> TYPES = List.of("mf", "lightgcn");

  private ModelRegistry() {}

  /** The config record class of a model type. */
  public static Class<? extends Record> configClass(String type) {
    switch (type) {
      case "mf":
        return MfConfig.class;
      case "lightgcn":
        return LightGcnConfig.class;
      default:
        throw new IllegalArgumentException("unknown model '" + type + "': expected one of " + TYPES);
    }
  }

  public static RankingModel create(String type, Record config, Interactions train, long seed) {
    switch (type) {
      case "mf":
        return new MatrixFactorization((MfConfig) config, train.numUsers(), train.numItems(), seed);
      case "lightgcn":
        return new LightGcn((LightGcnConfig) config, train, seed);
      default:
        throw new IllegalArgumentException("unknown model '" + type + "': expected one of " + TYPES);
    }
  }

  /** Rebuilds a config record from JSON (a bundle manifest). */
  public static Record configFromJson(String type, JsonNode node) {
    try {
      return JSON.treeToValue(node, configClass(type));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException("bad " + type + " config " + node + ": " + e.getMessage(), e);
    }
  }
}
