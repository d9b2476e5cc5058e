package org.recsys4j.models;

/**
 * The families of models, which differ in what they learn from and what they answer: ranking models
 * learn from implicit feedback and rank items for users ({@code Recommender}); CTR models learn
 * click probabilities from feature rows ({@code Scorer}).
 */
public enum ModelFamily {
  RANKING("ranking"),
  CTR("ctr");

  private final String id;

  ModelFamily(String id) {
    this.id = id;
  }

  /** The name in manifests and listings. */
  public String id() {
    return id;
  }

  /** The family named {@code id}. */
  public static ModelFamily parse(String id) {
    for (ModelFamily f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown model family '" + id + "': expected ranking or ctr");
  }
}
