package org.recsys4j.models.graphsage;

import java.util.List;
import org.recsys4j.models.Model;
import org.recsys4j.models.ModelFamily;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.ModelProvider;

/** Registers {@code graphsage}. */
public final class GraphSageProvider implements ModelProvider {
  @Override
  public String type() {
    return "graphsage";
  }

  @Override
  public ModelFamily family() {
    return ModelFamily.LINK;
  }

  @Override
  public String description() {
    return "Inductive graph neural network: each node mixes its features with the mean of its"
        + " neighbours', per edge type (PyG SAGEConv + to_hetero)";
  }

  @Override
  public String paper() {
    return "Hamilton et al., Inductive Representation Learning on Large Graphs, NeurIPS 2017";
  }

  @Override
  public Class<? extends Record> configClass() {
    return GraphSageConfig.class;
  }

  @Override
  public List<String> fields() {
    return List.of("dim", "layers", "idEmbeddings", "scorer", "topMlp", "normalize", "dropout");
  }

  @Override
  public Record defaultConfig() {
    return new GraphSageConfig(64, 2, true, "dot", new int[] {64}, false, 0f);
  }

  @Override
  public Model create(Record config, ModelInputs inputs, long seed) {
    return new GraphSage(cast(config, GraphSageConfig.class), inputs.requireGraph(type()), seed);
  }
}
