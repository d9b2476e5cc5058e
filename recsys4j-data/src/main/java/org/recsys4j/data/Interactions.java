package org.recsys4j.data;

import java.util.Arrays;

/**
 * Implicit-feedback interactions as CSR by user: the items of user {@code u} are {@code
 * items[userPtr[u] .. userPtr[u+1])}, sorted ascending and distinct, so membership is a binary
 * search. Immutable.
 */
public final class Interactions {
  private final int numUsers;
  private final int numItems;
  private final int[] userPtr;
  private final int[] items;

  private Interactions(int numUsers, int numItems, int[] userPtr, int[] items) {
    this.numUsers = numUsers;
    this.numItems = numItems;
    this.userPtr = userPtr;
    this.items = items;
  }

  /**
   * Builds from (user, item) pairs; pairs must be distinct (readers report duplicates before this).
   */
  public static Interactions fromPairs(
      int numUsers, int numItems, int[] users, int[] itemIds, int n) {
    int[] ptr = new int[numUsers + 1];
    for (int i = 0; i < n; i++) {
      if (users[i] < 0 || users[i] >= numUsers || itemIds[i] < 0 || itemIds[i] >= numItems) {
        throw new IllegalArgumentException(
            "pair "
                + i
                + " ("
                + users[i]
                + ", "
                + itemIds[i]
                + ") outside "
                + numUsers
                + " x "
                + numItems);
      }
      ptr[users[i] + 1]++;
    }
    for (int u = 0; u < numUsers; u++) {
      ptr[u + 1] += ptr[u];
    }
    int[] next = Arrays.copyOf(ptr, numUsers);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[next[users[i]]++] = itemIds[i];
    }
    for (int u = 0; u < numUsers; u++) {
      Arrays.sort(out, ptr[u], ptr[u + 1]);
      for (int j = ptr[u] + 1; j < ptr[u + 1]; j++) {
        if (out[j] == out[j - 1]) {
          throw new IllegalArgumentException(
              "duplicate interaction (user " + u + ", item " + out[j] + ")");
        }
      }
    }
    return new Interactions(numUsers, numItems, ptr, out);
  }

  /** Wraps CSR arrays (validated), e.g. when loading a model bundle. */
  public static Interactions fromCsr(int numUsers, int numItems, int[] userPtr, int[] items) {
    int n = userPtr[numUsers];
    int[] users = new int[n];
    for (int u = 0; u < numUsers; u++) {
      Arrays.fill(users, userPtr[u], userPtr[u + 1], u);
    }
    return fromPairs(numUsers, numItems, users, items, n);
  }

  /**
   * The interactions of {@code a} and {@code b} together (over the larger id ranges); a pair in
   * both is kept once.
   */
  public static Interactions union(Interactions a, Interactions b) {
    int nu = Math.max(a.numUsers, b.numUsers);
    int ni = Math.max(a.numItems, b.numItems);
    int[] ptr = new int[nu + 1];
    int[] out = new int[a.size() + b.size()];
    int n = 0;
    for (int u = 0; u < nu; u++) {
      int i = u < a.numUsers ? a.userPtr[u] : 0;
      int ie = u < a.numUsers ? a.userPtr[u + 1] : 0;
      int j = u < b.numUsers ? b.userPtr[u] : 0;
      int je = u < b.numUsers ? b.userPtr[u + 1] : 0;
      while (i < ie || j < je) { // merge two sorted lists
        int x;
        if (j >= je || (i < ie && a.items[i] < b.items[j])) {
          x = a.items[i++];
        } else if (i >= ie || b.items[j] < a.items[i]) {
          x = b.items[j++];
        } else {
          x = a.items[i++];
          j++;
        }
        out[n++] = x;
      }
      ptr[u + 1] = n;
    }
    return new Interactions(nu, ni, ptr, Arrays.copyOf(out, n));
  }

  public int numUsers() {
    return numUsers;
  }

  public int numItems() {
    return numItems;
  }

  public int size() {
    return items.length;
  }

  public int[] userPtr() {
    return userPtr;
  }

  public int[] items() {
    return items;
  }

  public int degree(int user) {
    return userPtr[user + 1] - userPtr[user];
  }

  public boolean contains(int user, int item) {
    return Arrays.binarySearch(items, userPtr[user], userPtr[user + 1], item) >= 0;
  }

  /** Number of interactions per item. */
  public int[] itemDegrees() {
    int[] deg = new int[numItems];
    for (int it : items) {
      deg[it]++;
    }
    return deg;
  }
}
