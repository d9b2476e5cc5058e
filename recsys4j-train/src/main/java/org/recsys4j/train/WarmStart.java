package org.recsys4j.train;

import java.util.Arrays;
import java.util.Map;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.models.Model;

/**
 * Starts a model from an earlier model's weights: every tensor of the same shape is copied; a table
 * that grew by rows (new users or items appended to the id maps) gets the old rows and zeros in the
 * new ones, so a new node starts from nothing but its features (for a link model: its feature
 * embedding), not from noise. Anything else that differs is an error naming the tensor.
 */
public final class WarmStart {
  private WarmStart() {}

  /** Copies {@code parent}'s weights into {@code model}; returns the rows added, summed. */
  public static long transfer(Map<String, SafeTensors.Entry> parent, Model model) {
    long added = 0;
    for (Map.Entry<String, SafeTensors.Entry> e : model.weights().entrySet()) {
      SafeTensors.Entry old = parent.get(e.getKey());
      if (old == null) {
        throw new IllegalArgumentException(
            "warm start: the earlier model has no tensor '"
                + e.getKey()
                + "'; it has "
                + parent.keySet());
      }
      int[] ns = e.getValue().shape();
      int[] os = old.shape();
      float[] dst = e.getValue().floats();
      float[] src = old.floats();
      for (float v : src) {
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException(
              "warm start: tensor '" + e.getKey() + "' of the earlier model holds " + v);
        }
      }
      if (Arrays.equals(ns, os)) {
        System.arraycopy(src, 0, dst, 0, dst.length);
      } else if (ns.length == 2
          && os.length == 2
          && ns[1] == os[1]
          && ns[0] >= os[0]) { // a table that grew by rows
        System.arraycopy(src, 0, dst, 0, src.length);
        Arrays.fill(dst, src.length, dst.length, 0f);
        added += ns[0] - os[0];
      } else {
        throw new IllegalArgumentException(
            "warm start: tensor '"
                + e.getKey()
                + "' is "
                + Arrays.toString(ns)
                + " here but "
                + Arrays.toString(os)
                + " in the earlier model (only tables may grow, by rows)");
      }
    }
    return added;
  }
}
