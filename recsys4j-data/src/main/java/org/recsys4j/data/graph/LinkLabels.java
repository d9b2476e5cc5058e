package org.recsys4j.data.graph;

/**
 * Labelled (user, item) links to score: supervision in training, the held-out links in evaluation.
 * Label 1 = clicked; 0 = shown and not clicked, or a sampled negative.
 *
 * @param times when each link happened (epoch seconds; 0 when the log has no time)
 */
public record LinkLabels(int[] users, int[] items, float[] labels, long[] times) {
  public LinkLabels {
    if (users.length != items.length
        || users.length != labels.length
        || users.length != times.length) {
      throw new IllegalArgumentException("link arrays differ in length");
    }
  }

  public int size() {
    return users.length;
  }

  /** Links labelled 1. */
  public int positives() {
    int p = 0;
    for (float l : labels) {
      p += l > 0.5f ? 1 : 0;
    }
    return p;
  }

  /** These links followed by {@code other}'s. */
  public LinkLabels concat(LinkLabels other) {
    int n = size();
    int m = other.size();
    int[] u = java.util.Arrays.copyOf(users, n + m);
    int[] i = java.util.Arrays.copyOf(items, n + m);
    float[] l = java.util.Arrays.copyOf(labels, n + m);
    long[] t = java.util.Arrays.copyOf(times, n + m);
    System.arraycopy(other.users, 0, u, n, m);
    System.arraycopy(other.items, 0, i, n, m);
    System.arraycopy(other.labels, 0, l, n, m);
    System.arraycopy(other.times, 0, t, n, m);
    return new LinkLabels(u, i, l, t);
  }
}
