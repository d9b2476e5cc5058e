package org.recsys4j.cli;

import org.recsys4j.models.ctr.CtrModels;
import org.recsys4j.models.lightgcn.LightGcnConfig;
import org.recsys4j.models.mf.MfConfig;
import org.recsys4j.train.ModelRegistry;
import picocli.CommandLine.Option;

/** Model choice and hyper-parameters; each model reads the ones it has. */
final class ModelOptions {
  @Option(names = "--model", defaultValue = "lightgcn", description = "Ranking: mf or lightgcn (default: ${DEFAULT-VALUE}). "
      + "CTR: lr, fm, deepfm, widedeep, dcnv2 or dlrm.")
  String model;

  @Option(names = "--dim", defaultValue = "64", description = "Embedding dimension (default: ${DEFAULT-VALUE}).")
  int dim;

  @Option(names = "--layers", defaultValue = "3", description = "LightGCN propagation layers (default: ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--l2", description = "L2 weight on the batch's embeddings (default: 1e-4 for ranking models, 0 for CTR).")
  Float l2;

  @Option(names = "--propagation", defaultValue = "fp32", description = "LightGCN: storage of the training step's "
      + "propagated layers, fp32 or bf16 (bfloat16 rows: graph SpMMs about 1.6x faster; sums, weights and scoring stay "
      + "float) (default: ${DEFAULT-VALUE}).")
  String propagation;

  @Option(names = "--init-std", description = "Std of the normal initialisation (default: 0.1 for ranking models, 0.01 for CTR; "
      + "DLRM tables start U(+-1/sqrt(rows)) as in the reference unless this is given).")
  Float initStd;

  boolean isCtr() {
    return CtrModels.isCtr(model);
  }

  Record config() {
    switch (model) {
      case "mf":
        return new MfConfig(dim, l2(), initStd());
      case "lightgcn":
        return new LightGcnConfig(dim, layers, l2(), initStd(), propagation);
      default:
        throw new IllegalArgumentException("--model: unknown model '" + model + "', expected one of "
            + ModelRegistry.TYPES + " or a CTR model " + CtrModels.TYPES);
    }
  }

  private float l2() {
    return l2 != null ? l2 : 1e-4f;
  }

  private float initStd() {
    return initStd != null ? initStd : 0.1f;
  }
}
