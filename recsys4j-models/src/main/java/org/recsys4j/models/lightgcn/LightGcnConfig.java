package org.recsys4j.models.lightgcn;

/**
 * LightGCN (He et al., SIGIR 2020).
 *
 * @param dim embedding dimension D (paper: 64)
 * @param layers propagation layers K (paper: 3)
 * @param l2 weight of the L2 penalty on the batch's layer-0 embeddings (paper: 1e-4)
 * @param initStd standard deviation of the normal initialisation (reference code: 0.1)
 */
public record LightGcnConfig(int dim, int layers, float l2, float initStd) {
  public LightGcnConfig {
    if (dim <= 0) {
      throw new IllegalArgumentException("--dim must be positive, got " + dim);
    }
    if (layers < 0 || layers > 8) {
      throw new IllegalArgumentException("--layers must be in [0, 8], got " + layers);
    }
    if (!(l2 >= 0) || Float.isInfinite(l2)) {
      throw new IllegalArgumentException("--l2 must be a finite number >= 0, got " + l2);
    }
    if (!(initStd > 0)) {
      throw new IllegalArgumentException("init std must be positive, got " + initStd);
    }
  }
}
