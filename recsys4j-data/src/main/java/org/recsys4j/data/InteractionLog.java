package org.recsys4j.data;

import java.util.Arrays;

/**
 * Interactions as read, before any split: parallel arrays of dense user and item indices, ratings
 * and timestamps (0 when the file has none), plus the source line of each for messages.
 */
public final class InteractionLog {
  private final String source;
  private final IdMap users;
  private final IdMap items;
  private int[] user = new int[1024];
  private int[] item = new int[1024];
  private float[] rating = new float[1024];
  private long[] time = new long[1024];
  private long[] line = new long[1024];
  private int size;

  public InteractionLog(String source, IdMap users, IdMap items) {
    this.source = source;
    this.users = users;
    this.items = items;
  }

  public void add(int u, int i, float r, long t, long lineNo) {
    if (size == user.length) {
      int n = size * 2;
      user = Arrays.copyOf(user, n);
      item = Arrays.copyOf(item, n);
      rating = Arrays.copyOf(rating, n);
      time = Arrays.copyOf(time, n);
      line = Arrays.copyOf(line, n);
    }
    user[size] = u;
    item[size] = i;
    rating[size] = r;
    time[size] = t;
    line[size] = lineNo;
    size++;
  }

  public String source() {
    return source;
  }

  public IdMap users() {
    return users;
  }

  public IdMap items() {
    return items;
  }

  public int size() {
    return size;
  }

  public int user(int k) {
    return user[k];
  }

  public int item(int k) {
    return item[k];
  }

  public float rating(int k) {
    return rating[k];
  }

  public long time(int k) {
    return time[k];
  }

  public long line(int k) {
    return line[k];
  }

  /**
   * Builds CSR interactions from the entries selected by {@code keep} (null = all), over the given
   * id-space sizes. Repeated (user, item) pairs are an error naming both lines, unless {@code
   * dropDuplicates}, which keeps the first.
   */
  public Interactions toInteractions(
      boolean[] keep, int numUsers, int numItems, boolean dropDuplicates) {
    int[] us = new int[size];
    int[] is = new int[size];
    int n = 0;
    java.util.HashMap<Long, Long> seen = new java.util.HashMap<>();
    for (int k = 0; k < size; k++) {
      if (keep != null && !keep[k]) {
        continue;
      }
      long key = ((long) user[k] << 32) | item[k];
      Long first = seen.putIfAbsent(key, line[k]);
      if (first != null) {
        if (dropDuplicates) {
          continue;
        }
        throw new DataFormatException(
            source,
            line[k],
            "duplicate interaction (user "
                + users.rawId(user[k])
                + ", item "
                + items.rawId(item[k])
                + "), first seen at line "
                + first
                + " (set onDuplicate to drop, to keep the first)");
      }
      us[n] = user[k];
      is[n] = item[k];
      n++;
    }
    return Interactions.fromPairs(numUsers, numItems, us, is, n);
  }
}
