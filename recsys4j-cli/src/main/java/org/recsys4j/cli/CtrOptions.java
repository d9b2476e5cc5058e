package org.recsys4j.cli;

import org.recsys4j.core.nn.Mlp;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.train.WarmupDecay;
import picocli.CommandLine.Option;

/** Options of the CTR models (named after the DLRM reference's flags where it has them). */
final class CtrOptions {
  @Option(names = "--arch-sparse-feature-size", description = "DLRM: embedding size (same as --dim).")
  Integer sparseFeatureSize;

  @Option(names = "--arch-mlp-bot", description = "DLRM bottom MLP, dense inputs first, e.g. 13-512-256-64-16.")
  String mlpBot;

  @Option(names = "--arch-mlp-top", description = "DLRM top MLP without its input, ending in 1, e.g. 512-256-1.")
  String mlpTop;

  @Option(names = "--mlp", description = "Hidden layers of the deep part of deepfm, widedeep and dcnv2, e.g. 400-400-400.")
  String mlp;

  @Option(names = "--cross-layers", defaultValue = "3", description = "DCN-v2 cross layers (default: ${DEFAULT-VALUE}).")
  int crossLayers;

  @Option(names = "--bag-pooling", defaultValue = "sum", description = "Multi-hot pooling: sum or mean (default: ${DEFAULT-VALUE}).")
  String bagPooling;

  @Option(names = "--eval-every-steps", defaultValue = "0", description = "CTR models: also evaluate every N steps (0 = at epoch ends only).")
  int evalEverySteps;

  @Option(names = "--lr-num-warmup-steps", defaultValue = "0",
      description = "CTR models: raise the learning rate linearly over the first N steps (default: ${DEFAULT-VALUE}).")
  long warmupSteps;

  @Option(names = "--lr-decay-start-step", defaultValue = "0",
      description = "CTR models: the first step of the quadratic decay (default: ${DEFAULT-VALUE}).")
  long decayStartStep;

  @Option(names = "--lr-num-decay-steps", defaultValue = "0",
      description = "CTR models: decay the learning rate quadratically to lr/N^2 over N steps, as the DLRM reference"
          + " does (default: ${DEFAULT-VALUE} = no decay).")
  long decaySteps;

  WarmupDecay lrPolicy() {
    return new WarmupDecay(warmupSteps, decayStartStep, decaySteps);
  }

  CtrConfig config(String model, int dim, Float l2, Float initStd, int denseCount) {
    int d = sparseFeatureSize != null ? sparseFeatureSize : dim;
    int[] bot = new int[0];
    int[] top;
    if (model.equals("dlrm")) {
      bot = mlpBot != null ? Mlp.parseSizes("--arch-mlp-bot", mlpBot) : new int[] {denseCount, 64, d};
      top = mlpTop != null ? Mlp.parseLayers("--arch-mlp-top", mlpTop) : new int[] {64, 1};
    } else {
      top = mlp != null ? Mlp.parseLayers("--mlp", mlp) : new int[] {400, 400, 400};
    }
    if (!bagPooling.equals("sum") && !bagPooling.equals("mean")) {
      throw new IllegalArgumentException("--bag-pooling must be sum or mean, got '" + bagPooling + "'");
    }
    float std = initStd != null ? initStd : model.equals("dlrm") ? 0f : 0.01f; // DLRM: the reference's init
    return new CtrConfig(model, d, bot, top, crossLayers, l2 != null ? l2 : 0f, std,
        bagPooling.equals("mean"));
  }
}
