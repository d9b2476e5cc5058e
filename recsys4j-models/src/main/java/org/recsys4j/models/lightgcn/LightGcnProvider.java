package org.recsys4j.models.lightgcn;

import java.util.List;
import org.recsys4j.models.Model;
import org.recsys4j.models.ModelFamily;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.ModelProvider;

/** Registers {@code lightgcn}. */
public final class LightGcnProvider implements ModelProvider {
  @Override
  public String type() {
    return "lightgcn";
  }

  @Override
  public ModelFamily family() {
    return ModelFamily.RANKING;
  }

  @Override
  public String description() {
    return "Graph convolution without transforms: embeddings averaged over K propagation layers";
  }

  @Override
  public String paper() {
    return "He et al., LightGCN, SIGIR 2020";
  }

  @Override
  public Class<? extends Record> configClass() {
    return LightGcnConfig.class;
  }

  @Override
  public List<String> fields() {
    return List.of("dim", "layers", "l2", "initStd", "propagation");
  }

  @Override
  public Record defaultConfig() {
    return new LightGcnConfig(64, 3, 1e-4f, 0.1f, "fp32");
  }

  @Override
  public Model create(Record config, ModelInputs inputs, long seed) {
    return new LightGcn(
        cast(config, LightGcnConfig.class), inputs.requireInteractions(type()), seed);
  }
}
