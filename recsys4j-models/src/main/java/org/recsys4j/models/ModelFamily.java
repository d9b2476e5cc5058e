package org.recsys4j.models;

/**
 * The families of models, which differ in what they learn from and what they answer: ranking models
 * learn from implicit feedback and rank items for users ({@code Recommender}); CTR models learn
 * click probabilities from feature rows ({@code Scorer}); link models learn from an impression log
 * over the user-item graph with node features and score (user, item) links, also for nodes never
 * seen in training ({@code LinkModel}).
 */
public enum ModelFamily {
  RANKING("ranking"),
  CTR("ctr"),
  LINK("link");

  private final String id;

  ModelFamily(String id) {
    this.id = id;
  }

  /** The name in manifests and listings. */
  public String id() {
    return id;
  }

  /** The name in sentences: {@code ranking}, {@code CTR}, {@code link}. */
  public String label() {
    return this == CTR ? "CTR" : id;
  }

  /** The family named {@code id}. */
  public static ModelFamily parse(String id) {
    for (ModelFamily f : values()) {
      if (f.id.equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown model family '" + id + "': expected ranking, ctr or link");
  }
}
