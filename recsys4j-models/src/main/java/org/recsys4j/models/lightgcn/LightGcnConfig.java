package org.recsys4j.models.lightgcn;

import org.recsys4j.core.Bf16;

/**
 * LightGCN (He et al., SIGIR 2020).
 *
 * @param dim embedding dimension D (paper: 64)
 * @param layers propagation layers K (paper: 3)
 * @param l2 weight of the L2 penalty on the batch's layer-0 embeddings (paper: 1e-4)
 * @param initStd standard deviation of the normal initialisation (reference code: 0.1)
 * @param propagation storage of the training step's propagated layers: {@code fp32}, or {@code
 *     bf16} (bfloat16 rows, half the memory traffic of the graph SpMMs; sums, parameters, gradients
 *     and scoring stay in float; needs {@code dim} a multiple of 16). Bundles saved before this
 *     option existed read as {@code fp32}.
 */
public record LightGcnConfig(int dim, int layers, float l2, float initStd, String propagation) {
  /** Float propagation, as the reference code. */
  public LightGcnConfig(int dim, int layers, float l2, float initStd) {
    this(dim, layers, l2, initStd, "fp32");
  }

  public LightGcnConfig {
    if (propagation == null) {
      propagation = "fp32";
    }
    if (!propagation.equals("fp32") && !propagation.equals("bf16")) {
      throw new IllegalArgumentException(
          "propagation must be fp32 or bf16, got '" + propagation + "'");
    }
    if (propagation.equals("bf16") && (dim <= 0 || dim % Bf16.BLOCK != 0)) {
      throw new IllegalArgumentException(
          "propagation 'bf16' needs a dim that is a multiple of "
              + Bf16.BLOCK
              + "; dim "
              + dim
              + " is not");
    }
    if (dim <= 0) {
      throw new IllegalArgumentException("dim must be positive, got " + dim);
    }
    if (layers < 0 || layers > 8) {
      throw new IllegalArgumentException("layers must be in [0, 8], got " + layers);
    }
    if (!(l2 >= 0) || Float.isInfinite(l2)) {
      throw new IllegalArgumentException("l2 must be a finite number >= 0, got " + l2);
    }
    if (!(initStd > 0)) {
      throw new IllegalArgumentException("init std must be positive, got " + initStd);
    }
  }

  /** Whether the training step stores propagated layers as bfloat16. */
  public boolean bf16() {
    return propagation.equals("bf16");
  }
}
