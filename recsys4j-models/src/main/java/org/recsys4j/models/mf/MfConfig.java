package org.recsys4j.models.mf;

/**
 * Matrix factorisation with BPR (Rendle et al., UAI 2009).
 *
 * @param dim embedding dimension D
 * @param l2 weight of the L2 penalty on the batch's embeddings
 * @param initStd standard deviation of the normal initialisation
 */
public record MfConfig(int dim, float l2, float initStd) {
  public MfConfig {
    if (dim <= 0) {
      throw new IllegalArgumentException("dim must be positive, got " + dim);
    }
    if (!(l2 >= 0) || Float.isInfinite(l2)) {
      throw new IllegalArgumentException("l2 must be a finite number >= 0, got " + l2);
    }
    if (!(initStd > 0)) {
      throw new IllegalArgumentException("init std must be positive, got " + initStd);
    }
  }
}
