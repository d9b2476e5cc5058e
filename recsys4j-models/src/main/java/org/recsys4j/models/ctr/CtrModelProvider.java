package org.recsys4j.models.ctr;

import java.util.List;
import org.recsys4j.models.Model;
import org.recsys4j.models.ModelFamily;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.ModelProvider;

/**
 * The registration shared by the CTR models: they all take a {@link CtrConfig} (each reads the
 * fields it lists) and are built over a feature shape.
 */
public abstract class CtrModelProvider implements ModelProvider {
  private final String type;
  private final String description;
  private final String paper;
  private final List<String> fields;

  protected CtrModelProvider(String type, String description, String paper, List<String> fields) {
    this.type = type;
    this.description = description;
    this.paper = paper;
    this.fields = List.copyOf(fields);
  }

  @Override
  public final String type() {
    return type;
  }

  @Override
  public final ModelFamily family() {
    return ModelFamily.CTR;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final String paper() {
    return paper;
  }

  @Override
  public final Class<? extends Record> configClass() {
    return CtrConfig.class;
  }

  @Override
  public final List<String> fields() {
    return fields;
  }

  @Override
  public Record defaultConfig() {
    return CtrConfig.defaults(type);
  }

  @Override
  public final Model create(Record config, org.recsys4j.models.ModelInputs inputs, long seed) {
    CtrConfig c = cast(config, CtrConfig.class);
    if (!c.model().equals(type)) {
      throw new IllegalArgumentException(
          "a " + c.model() + " configuration cannot build a " + type + " model");
    }
    ModelInputs.FeatureShape f = inputs.requireFeatures(type);
    CtrModel m = build(c, f.dense(), f.cardinalities(), f.bagCardinalities(), seed);
    if (!f.tuned().isEmpty()) {
      ((AbstractCtrModel) m).fineTune(f.tuned(), f.cardinalities());
    }
    return m;
  }

  /** Builds the model over {@code dense} dense features and the given tables. */
  protected abstract CtrModel build(
      CtrConfig config, int dense, int[] cardinalities, int[] bagCardinalities, long seed);
}
