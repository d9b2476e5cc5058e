package org.recsys4j.models.mf;

import java.util.List;
import org.recsys4j.data.Interactions;
import org.recsys4j.models.Model;
import org.recsys4j.models.ModelFamily;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.ModelProvider;

/** Registers {@code mf}. */
public final class MfProvider implements ModelProvider {
  @Override
  public String type() {
    return "mf";
  }

  @Override
  public ModelFamily family() {
    return ModelFamily.RANKING;
  }

  @Override
  public String description() {
    return "Matrix factorisation trained with BPR on implicit feedback";
  }

  @Override
  public String paper() {
    return "Rendle et al., BPR: Bayesian Personalized Ranking from Implicit Feedback, UAI 2009";
  }

  @Override
  public Class<? extends Record> configClass() {
    return MfConfig.class;
  }

  @Override
  public List<String> fields() {
    return List.of("dim", "l2", "initStd");
  }

  @Override
  public Record defaultConfig() {
    return new MfConfig(64, 1e-4f, 0.1f);
  }

  @Override
  public Model create(Record config, ModelInputs inputs, long seed) {
    Interactions train = inputs.requireInteractions(type());
    return new MatrixFactorization(
        cast(config, MfConfig.class), train.numUsers(), train.numItems(), seed);
  }
}
