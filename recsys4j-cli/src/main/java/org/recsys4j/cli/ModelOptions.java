package org.recsys4j.cli;

import org.recsys4j.models.lightgcn.LightGcnConfig;
import org.recsys4j.models.mf.MfConfig;
import org.recsys4j.train.ModelRegistry;
import picocli.CommandLine.Option;

/** Model choice and hyper-parameters; each model reads the ones it has. */
final class ModelOptions {
  @Option(names = "--model", defaultValue = "lightgcn", description = "mf or lightgcn (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--dim", defaultValue = "64", description = "Embedding dimension (default: ${DEFAULT-VALUE}).")
  int dim;

  @Option(names = "--layers", defaultValue = "3", description = "LightGCN propagation layers (default: ${DEFAULT-VALUE}).")
  int layers;

  @Option(names = "--l2", defaultValue = "1e-4", description = "L2 weight on the batch's embeddings (default: ${DEFAULT-VALUE}).")
  float l2;

  @Option(names = "--init-std", defaultValue = "0.1", description = "Std of the normal initialisation (default: ${DEFAULT-VALUE}).")
  float initStd;

  Record config() {
    switch (model) {
      case "mf":
        return new MfConfig(dim, l2, initStd);
      case "lightgcn":
        return new LightGcnConfig(dim, layers, l2, initStd);
      default:
        throw new IllegalArgumentException("--model: unknown model '" + model + "', expected one of "
            + ModelRegistry.TYPES);
    }
  }
}
