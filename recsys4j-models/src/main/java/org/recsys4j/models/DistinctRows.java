package org.recsys4j.models;

import java.util.Arrays;

/**
 * The distinct ids of a batch's id list, in order of first appearance, with each entry's position
 * among them. A batch of 65,536 pairs with 16 negatives each names a million item rows but only the
 * graph's 70k distinct nodes at most: models compute and regularise the distinct rows once and
 * score the entries by position. Reuses one scratch array over the id space, so a step allocates
 * only its outputs. Not thread-safe (one per model).
 */
public final class DistinctRows {
  private final int[] slotOf;

  /**
   * @param idSpace ids are in {@code [0, idSpace)}
   */
  public DistinctRows(int idSpace) {
    slotOf = new int[idSpace];
    Arrays.fill(slotOf, -1);
  }

  /**
   * @param ids the entries, ids in {@code [0, idSpace)}
   * @param position receives, for each entry, its id's index in the returned array
   * @return the distinct ids in order of first appearance
   */
  public int[] of(int[] ids, int[] position) {
    if (position.length < ids.length) {
      throw new IllegalArgumentException(
          "position holds " + position.length + " of " + ids.length + " entries");
    }
    for (int i = 0; i < ids.length; i++) { // checked first, so a bad id leaves the scratch clean
      if (ids[i] < 0 || ids[i] >= slotOf.length) {
        throw new IllegalArgumentException(
            "id " + ids[i] + " at " + i + " outside [0, " + slotOf.length + ")");
      }
    }
    int[] distinct = new int[Math.min(ids.length, slotOf.length)];
    int count = 0;
    for (int i = 0; i < ids.length; i++) {
      int id = ids[i];
      int slot = slotOf[id];
      if (slot < 0) {
        slot = count++;
        slotOf[id] = slot;
        distinct[slot] = id;
      }
      position[i] = slot;
    }
    for (int s = 0; s < count; s++) {
      slotOf[distinct[s]] = -1;
    }
    return Arrays.copyOf(distinct, count);
  }
}
