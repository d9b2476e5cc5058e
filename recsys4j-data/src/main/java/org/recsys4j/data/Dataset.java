package org.recsys4j.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A train/test pair of interactions over shared id maps, with a fingerprint of its content that
 * saved models record so that a number can be traced to exactly the data that produced it.
 */
public final class Dataset {
  private final String name;
  private final IdMap users;
  private final IdMap items;
  private final Interactions train;
  private final Interactions test;
  private final String fingerprint;

  public Dataset(String name, IdMap users, IdMap items, Interactions train, Interactions test) {
    if (train.numUsers() != users.size()
        || train.numItems() != items.size()
        || test.numUsers() != users.size()
        || test.numItems() != items.size()) {
      throw new IllegalArgumentException("interactions and id maps disagree on sizes");
    }
    this.name = name;
    this.users = users;
    this.items = items;
    this.train = train;
    this.test = test;
    this.fingerprint = fingerprint(train, test);
  }

  public String name() {
    return name;
  }

  public IdMap users() {
    return users;
  }

  public IdMap items() {
    return items;
  }

  public Interactions train() {
    return train;
  }

  public Interactions test() {
    return test;
  }

  /** First 16 hex digits of SHA-256 over both CSR structures. */
  public String fingerprint() {
    return fingerprint;
  }

  public String summary() {
    return String.format(
        "%s: %,d users, %,d items, %,d train / %,d test interactions",
        name, users.size(), items.size(), train.size(), test.size());
  }

  static String fingerprint(Interactions train, Interactions test) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Interactions x : new Interactions[] {train, test}) {
        update(md, new int[] {x.numUsers(), x.numItems()});
        update(md, x.userPtr());
        update(md, x.items());
      }
      byte[] h = md.digest();
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 8; i++) {
        sb.append(String.format("%02x", h[i]));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void update(MessageDigest md, int[] a) {
    ByteBuffer b = ByteBuffer.allocate(4 * a.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(a);
    md.update(b.array());
  }
}
