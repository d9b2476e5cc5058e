package org.recsys4j.models.pop;

import org.recsys4j.data.Interactions;
import org.recsys4j.eval.Recommender;

/** The popularity baseline: every user gets items ranked by their training interaction count. */
public final class Popularity implements Recommender {
  private final int users;
  private final float[] counts;

  public Popularity(Interactions train) {
    this.users = train.numUsers();
    int[] deg = train.itemDegrees();
    this.counts = new float[deg.length];
    for (int i = 0; i < deg.length; i++) {
      counts[i] = deg[i];
    }
  }

  @Override
  public int numUsers() {
    return users;
  }

  @Override
  public int numItems() {
    return counts.length;
  }

  @Override
  public void scoreAll(int[] u, int from, int to, float[] out) {
    for (int i = 0; i < to - from; i++) {
      System.arraycopy(counts, 0, out, i * counts.length, counts.length);
    }
  }
}
