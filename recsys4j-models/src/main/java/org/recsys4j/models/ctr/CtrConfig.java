package org.recsys4j.models.ctr;

/**
 * Hyper-parameters of the CTR models; each model reads the ones it uses (named after the DLRM
 * reference's flags where it has one) and the model rejects what does not fit.
 *
 * @param model {@code lr}, {@code fm}, {@code deepfm}, {@code widedeep}, {@code dcnv2} or {@code
 *     dlrm}
 * @param dim embedding dimension ({@code --arch-sparse-feature-size} for DLRM)
 * @param bottomMlp DLRM's bottom MLP over the dense features, input first ({@code --arch-mlp-bot})
 * @param topMlp DLRM's top MLP without its input size ({@code --arch-mlp-top}, ends in 1), or the
 *     hidden layers of the deep part of DeepFM, Wide & Deep and DCN-v2 ({@code --mlp})
 * @param crossLayers DCN-v2 cross layers
 * @param l2 L2 weight on the batch's embedding rows ({@code l2 * sum |e|^2 / B}); 0 = none
 * @param initStd std of the normal initialisation of the embeddings; for DLRM, 0 means the
 *     reference's U(-1/sqrt(rows), 1/sqrt(rows)) per table
 * @param bagMean pool multi-hot fields by mean (else sum)
 */
public record CtrConfig(
    String model,
    int dim,
    int[] bottomMlp,
    int[] topMlp,
    int crossLayers,
    float l2,
    float initStd,
    boolean bagMean) {
  public CtrConfig {
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be positive, got " + dim);
    }
    if (crossLayers < 0) {
      throw new IllegalArgumentException("crossLayers must be >= 0, got " + crossLayers);
    }
    if (!(l2 >= 0) || !Float.isFinite(l2)) {
      throw new IllegalArgumentException("l2 must be a finite number >= 0, got " + l2);
    }
    if (!(initStd > 0) && !(initStd == 0 && "dlrm".equals(model))) {
      throw new IllegalArgumentException("initStd must be positive, got " + initStd);
    }
    bottomMlp = bottomMlp == null ? new int[0] : bottomMlp.clone();
    topMlp = topMlp == null ? new int[0] : topMlp.clone();
  }

  /**
   * The defaults of {@code model}: dim 64, an MLP of 400-400-400 (DLRM: top 64-1, and a bottom MLP
   * from the dense features through 64 to the dim, which needs the data, so it is left empty here),
   * 3 cross layers, no L2, tables N(0, 0.01^2) (DLRM: the reference's uniform init), sum pooling.
   */
  public static CtrConfig defaults(String model) {
    boolean dlrm = "dlrm".equals(model);
    return new CtrConfig(
        model,
        64,
        new int[0],
        dlrm ? new int[] {64, 1} : new int[] {400, 400, 400},
        3,
        0f,
        dlrm ? 0f : 0.01f,
        false);
  }

  @Override
  public int[] bottomMlp() {
    return bottomMlp.clone();
  }

  @Override
  public int[] topMlp() {
    return topMlp.clone();
  }
}
