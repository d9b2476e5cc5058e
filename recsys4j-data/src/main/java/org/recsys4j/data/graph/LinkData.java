package org.recsys4j.data.graph;

import java.util.Arrays;
import java.util.List;
import org.recsys4j.core.Rng;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.impressions.ImpressionDataset;
import org.recsys4j.data.impressions.ImpressionLog;
import org.recsys4j.data.impressions.NodeTable;

/**
 * An impression log split for link prediction: the graph each stage passes messages over and the
 * labelled links it is scored on.
 *
 * <ul>
 *   <li>training: messages over the training links that pass messages minus the supervision-only
 *       share; supervision = the rest of the training impressions (clicks and real negatives);
 *   <li>validation: messages over all training links; the validation impressions;
 *   <li>test: messages over the training and validation links; the test impressions.
 * </ul>
 *
 * <p>Node ids are ordered so that the nodes of training impressions come first. In a temporal split
 * only they are known ({@link #knownUsers()}, {@link #knownItems()}) and have id embeddings; every
 * later node is cold, known by its features and links only. A random split holds out links, not
 * nodes: every node is known.
 */
public final class LinkData {
  private final IdMap users;
  private final IdMap items;
  private final int knownUsers;
  private final int knownItems;
  private final NodeTable userTable;
  private final NodeTable itemTable;
  private final String[] messageTypes;
  private final HeteroGraph trainGraph;
  private final LinkLabels trainLinks;
  private final HeteroGraph validGraph;
  private final LinkLabels valid;
  private final HeteroGraph testGraph;
  private final LinkLabels test;
  private final PairSet trainPositives;
  private final long testFrom;
  private final java.util.BitSet seenUsers;
  private final java.util.BitSet seenItems;
  private final LinkLabels trainAll;
  private final int[] trainAllTypes;
  private final double disjointRatio;
  private final LinkLabels testMessages;
  private final int[] testMessageTypes;
  private HeteroGraph onlineGraph;

  private LinkData(Builder b) {
    this.users = b.users;
    this.items = b.items;
    this.knownUsers = b.knownUsers;
    this.knownItems = b.knownItems;
    this.userTable = b.userTable;
    this.itemTable = b.itemTable;
    this.messageTypes = b.messageTypes;
    this.trainGraph = b.trainGraph;
    this.trainLinks = b.trainLinks;
    this.validGraph = b.validGraph;
    this.valid = b.valid;
    this.testGraph = b.testGraph;
    this.test = b.test;
    this.trainPositives = b.trainPositives;
    this.testFrom = b.testFrom;
    this.seenUsers = b.seenUsers;
    this.seenItems = b.seenItems;
    this.trainAll = b.trainAll;
    this.trainAllTypes = b.trainAllTypes;
    this.disjointRatio = b.disjointRatio;
    this.testMessages = b.testMessages;
    this.testMessageTypes = b.testMessageTypes;
  }

  private static final class Builder {
    IdMap users;
    IdMap items;
    int knownUsers;
    int knownItems;
    NodeTable userTable;
    NodeTable itemTable;
    String[] messageTypes;
    HeteroGraph trainGraph;
    LinkLabels trainLinks;
    HeteroGraph validGraph;
    LinkLabels valid;
    HeteroGraph testGraph;
    LinkLabels test;
    PairSet trainPositives;
    long testFrom = Long.MIN_VALUE;
    java.util.BitSet seenUsers = new java.util.BitSet();
    java.util.BitSet seenItems = new java.util.BitSet();
    LinkLabels trainAll;
    int[] trainAllTypes;
    double disjointRatio;
    LinkLabels testMessages;
    int[] testMessageTypes;
  }

  private static final byte TRAIN = 0;
  private static final byte VALID = 1;
  private static final byte TEST = 2;
  private static final byte LATER = 3; // after the test period: left out

  private static int firstAtOrAfter(long[] sorted, long t) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Splits {@code data} as {@code o} says. */
  public static LinkData split(ImpressionDataset data, LinkSplitOptions o) {
    return split(data, o, null, null);
  }

  /**
   * Splits {@code data} for a warm-started retrain of a model over the nodes {@code parentUsers}
   * and {@code parentItems}: they keep their ids, the data's new nodes follow, and every node is
   * known (a node without training impressions simply gets no gradient, so it stays what its
   * features make it).
   */
  public static LinkData split(
      ImpressionDataset data, LinkSplitOptions o, IdMap parentUsers, IdMap parentItems) {
    ImpressionLog log = data.log();
    int n = log.size();
    if (o.mode() == LinkSplitOptions.Mode.TEMPORAL && !log.timed()) {
      throw new IllegalArgumentException(
          log.source() + ": a temporal split needs a timestamp column; use the random split");
    }
    byte[] part = o.mode() == LinkSplitOptions.Mode.RANDOM ? randomParts(n, o) : null;
    Builder b = new Builder();
    if (part == null) {
      part = new byte[n];
      long[] sorted = new long[n];
      for (int k = 0; k < n; k++) {
        sorted[k] = log.time(k);
      }
      Arrays.sort(sorted);
      long testCut;
      long validCut;
      if (o.testFrom() != Long.MIN_VALUE) {
        testCut = o.testFrom();
        int before = firstAtOrAfter(sorted, testCut); // impressions before the test
        if (before == 0) {
          throw new IllegalArgumentException(
              log.source() + ": no impression before the test start " + testCut);
        }
        validCut = o.validRatio() > 0 ? sorted[(int) ((1 - o.validRatio()) * before)] : testCut;
      } else {
        testCut = o.testRatio() > 0 ? sorted[(int) ((1 - o.testRatio()) * n)] : Long.MAX_VALUE;
        validCut =
            o.validRatio() > 0 ? sorted[(int) ((1 - o.testRatio() - o.validRatio()) * n)] : testCut;
      }
      for (int k = 0; k < n; k++) {
        long t = log.time(k);
        part[k] = t >= o.testUntil() ? LATER : t >= testCut ? TEST : t >= validCut ? VALID : TRAIN;
      }
      b.testFrom = testCut;
    }
    // node order: nodes of training impressions first
    int[] userOf = new int[log.users().size()];
    int[] itemOf = new int[log.items().size()];
    Arrays.fill(userOf, -1);
    Arrays.fill(itemOf, -1);
    b.users = new IdMap();
    b.items = new IdMap();
    boolean warm = parentUsers != null;
    if (warm) {
      for (int u = 0; u < parentUsers.size(); u++) {
        String raw = parentUsers.rawId(u);
        b.users.add(raw);
        int local = log.users().indexOf(raw);
        if (local >= 0) {
          userOf[local] = u;
        }
      }
      for (int i = 0; i < parentItems.size(); i++) {
        String raw = parentItems.rawId(i);
        b.items.add(raw);
        int local = log.items().indexOf(raw);
        if (local >= 0) {
          itemOf[local] = i;
        }
      }
    }
    for (int k = 0; k < n; k++) { // the nodes of training impressions first
      if (part[k] == TRAIN) {
        addNodes(b, log, k, userOf, itemOf);
      }
    }
    b.knownUsers = b.users.size();
    b.knownItems = b.items.size();
    for (int k = 0; k < n; k++) {
      if (part[k] != TRAIN && part[k] != LATER) {
        addNodes(b, log, k, userOf, itemOf);
      }
    }
    if (data.users() != null) {
      data.users().ids().forEach(b.users::add);
    }
    if (data.items() != null) {
      data.items().ids().forEach(b.items::add);
    }
    if (o.mode() == LinkSplitOptions.Mode.RANDOM || warm) {
      // a random split holds out links, not nodes: every node is in the graph from the start and
      // has an id embedding, as in PyG's RandomLinkSplit
      b.knownUsers = b.users.size();
      b.knownItems = b.items.size();
    }
    b.userTable = data.users();
    b.itemTable = data.items();
    int[] user = new int[n];
    int[] item = new int[n];
    for (int k = 0; k < n; k++) {
      user[k] = userOf[log.user(k)];
      item[k] = itemOf[log.item(k)];
      if (part[k] == TRAIN || part[k] == VALID) {
        b.seenUsers.set(user[k]);
        b.seenItems.set(item[k]);
      }
    }
    // edge types that pass messages
    List<String> types = log.edgeTypes();
    for (String t : o.messageTypes()) {
      if (!types.contains(t)) {
        throw new IllegalArgumentException(
            "edge type '" + t + "' does not occur in " + log.source() + "; its types are " + types);
      }
    }
    b.messageTypes = o.messageTypes().toArray(new String[0]);
    int[] mpType = new int[n];
    for (int k = 0; k < n; k++) {
      mpType[k] = o.messageTypes().indexOf(types.get(log.edgeType(k)));
    }
    long[] time = new long[n];
    for (int k = 0; k < n; k++) {
      time[k] = log.time(k);
    }
    // training: supervision-only share of the message-passing links
    int[] eligible = new int[n];
    int ne = 0;
    int[] supervision = new int[n];
    int ns = 0;
    for (int k = 0; k < n; k++) {
      if (part[k] == TRAIN) {
        if (mpType[k] >= 0) {
          eligible[ne++] = k;
        } else {
          supervision[ns++] = k;
        }
      }
    }
    int[] mp = Arrays.copyOf(eligible, ne);
    if (o.disjointTrainRatio() > 0) {
      Rng.derive(o.seed(), 0x5D1, 1).shuffle(mp, ne);
      int cut = (int) (o.disjointTrainRatio() * ne);
      System.arraycopy(mp, 0, supervision, ns, cut);
      ns += cut;
      mp = Arrays.copyOfRange(mp, cut, ne);
      Arrays.sort(supervision, 0, ns);
    } else {
      System.arraycopy(eligible, 0, supervision, ns, ne);
      ns += ne;
      Arrays.sort(supervision, 0, ns);
    }
    int nu = b.users.size();
    int ni = b.items.size();
    b.trainGraph =
        HeteroGraph.build(nu, ni, b.messageTypes, user, item, mpType, time, mp, mp.length);
    b.validGraph =
        HeteroGraph.build(nu, ni, b.messageTypes, user, item, mpType, time, eligible, ne);
    int[] upToTest = new int[n];
    int nt = 0;
    for (int k = 0; k < n; k++) {
      if (part[k] != TEST && part[k] != LATER && mpType[k] >= 0) {
        upToTest[nt++] = k;
      }
    }
    b.testGraph = HeteroGraph.build(nu, ni, b.messageTypes, user, item, mpType, time, upToTest, nt);
    int[] testMp = new int[n];
    int ntm = 0;
    for (int k = 0; k < n; k++) {
      if (part[k] == TEST && mpType[k] >= 0) {
        testMp[ntm++] = k;
      }
    }
    b.testMessages = labels(log, user, item, testMp, ntm);
    b.testMessageTypes = new int[ntm];
    for (int s = 0; s < ntm; s++) {
      b.testMessageTypes[s] = mpType[testMp[s]];
    }
    b.trainLinks = labels(log, user, item, supervision, ns);
    int nTrain = 0;
    for (int k = 0; k < n; k++) {
      nTrain += part[k] == TRAIN ? 1 : 0;
    }
    int[] trainIdx = new int[nTrain];
    for (int k = 0, j = 0; k < n; k++) {
      if (part[k] == TRAIN) {
        trainIdx[j++] = k;
      }
    }
    b.trainAll = labels(log, user, item, trainIdx, nTrain);
    b.trainAllTypes = new int[nTrain];
    for (int j = 0; j < nTrain; j++) {
      b.trainAllTypes[j] = mpType[trainIdx[j]];
    }
    b.disjointRatio = o.disjointTrainRatio();
    b.trainPositives = new PairSet(ns);
    PairSet allPositives = new PairSet(n);
    for (int k = 0; k < n; k++) {
      if (log.label(k) == 1 && part[k] != LATER) {
        allPositives.add(user[k], item[k]);
        if (part[k] == TRAIN) {
          b.trainPositives.add(user[k], item[k]);
        }
      }
    }
    Rng negRng = Rng.derive(o.seed(), 0x5D1, 2);
    for (byte p = VALID; p <= TEST; p++) {
      int[] sel = new int[n];
      int m = 0;
      for (int k = 0; k < n; k++) {
        if (part[k] == p) {
          sel[m++] = k;
        }
      }
      LinkLabels l = m == 0 ? null : labels(log, user, item, sel, m);
      if (l != null && o.heldOutNegRatio() > 0) {
        l = l.concat(negatives(l, o.heldOutNegRatio(), nu, ni, allPositives, negRng));
      }
      if (p == VALID) {
        b.valid = l;
      } else {
        b.test = l;
      }
    }
    return new LinkData(b);
  }

  private static void addNodes(Builder b, ImpressionLog log, int k, int[] userOf, int[] itemOf) {
    int u = log.user(k);
    int i = log.item(k);
    if (userOf[u] < 0) {
      userOf[u] = b.users.add(log.users().rawId(u));
    }
    if (itemOf[i] < 0) {
      itemOf[i] = b.items.add(log.items().rawId(i));
    }
  }

  private static byte[] randomParts(int n, LinkSplitOptions o) {
    int[] perm = new int[n];
    for (int k = 0; k < n; k++) {
      perm[k] = k;
    }
    Rng.derive(o.seed(), 0x5D1, 0).shuffle(perm, n);
    int nv = (int) (o.validRatio() * n);
    int nt = (int) (o.testRatio() * n);
    int ntrain = n - nv - nt;
    byte[] part = new byte[n];
    for (int s = ntrain; s < n; s++) {
      part[perm[s]] = s < ntrain + nv ? VALID : TEST;
    }
    return part;
  }

  private static LinkLabels labels(ImpressionLog log, int[] user, int[] item, int[] sel, int m) {
    int[] u = new int[m];
    int[] i = new int[m];
    float[] l = new float[m];
    long[] t = new long[m];
    for (int s = 0; s < m; s++) {
      int k = sel[s];
      u[s] = user[k];
      i[s] = item[k];
      l[s] = log.label(k);
      t[s] = log.time(k);
    }
    return new LinkLabels(u, i, l, t);
  }

  /**
   * {@code ratio} random (user, item) pairs per positive of {@code links}, uniform over all nodes,
   * never a pair in {@code positives}; each takes the time of the positive it was drawn for.
   */
  public static LinkLabels negatives(
      LinkLabels links, double ratio, int users, int items, PairSet positives, Rng rng) {
    int pos = links.positives();
    int m = (int) Math.round(ratio * pos);
    int[] u = new int[m];
    int[] i = new int[m];
    long[] t = new long[m];
    long[] posTimes = new long[pos];
    int p = 0;
    for (int k = 0; k < links.size(); k++) {
      if (links.labels()[k] > 0.5f) {
        posTimes[p++] = links.times()[k];
      }
    }
    for (int s = 0; s < m; s++) {
      int a;
      int c;
      int tries = 0;
      do {
        a = rng.nextInt(users);
        c = rng.nextInt(items);
      } while (positives.contains(a, c) && ++tries < 1000);
      u[s] = a;
      i[s] = c;
      t[s] = pos == 0 ? 0 : posTimes[(int) ((long) s * pos / m)];
    }
    return new LinkLabels(u, i, new float[m], t);
  }

  public IdMap users() {
    return users;
  }

  public IdMap items() {
    return items;
  }

  /** Users of training impressions: ids {@code 0 .. knownUsers-1}. */
  public int knownUsers() {
    return knownUsers;
  }

  /** Items of training impressions: ids {@code 0 .. knownItems-1}. */
  public int knownItems() {
    return knownItems;
  }

  public NodeTable userTable() {
    return userTable;
  }

  public NodeTable itemTable() {
    return itemTable;
  }

  public String[] messageTypes() {
    return messageTypes.clone();
  }

  public HeteroGraph trainGraph() {
    return trainGraph;
  }

  /** The training supervision links (clicks and real negatives; no sampled negatives). */
  public LinkLabels trainLinks() {
    return trainLinks;
  }

  public HeteroGraph validGraph() {
    return validGraph;
  }

  /** Validation links, or null. */
  public LinkLabels valid() {
    return valid;
  }

  public HeteroGraph testGraph() {
    return testGraph;
  }

  /**
   * The graph of every message-passing link up to the end of the test period, with times: what an
   * online system has seen by the time it scores a test impression, once it only reads the links
   * before that impression ({@code NeighborSampler.Mode.TEMPORAL}). Built at the first call.
   */
  public synchronized HeteroGraph onlineGraph() {
    if (onlineGraph == null) {
      onlineGraph =
          testGraph.withLinks(
              users.size(),
              items.size(),
              testMessages.users(),
              testMessages.items(),
              testMessageTypes,
              testMessages.times(),
              testMessages.size());
    }
    return onlineGraph;
  }

  /** Test links, or null. */
  public LinkLabels test() {
    return test;
  }

  /** Clicks among the training impressions (random negatives are drawn outside them). */
  public PairSet trainPositives() {
    return trainPositives;
  }

  /** The first second of the test period of a temporal split ({@code Long.MIN_VALUE}: random). */
  public long testFrom() {
    return testFrom;
  }

  /** Supervision links of each {@link #epochSplit} draw. */
  public int epochSupervisionSize() {
    return (int) (disjointRatio * trainAll.size());
  }

  /** One epoch's draw of {@link #epochSplit}: its message-passing graph and supervision links. */
  public record Epoch(HeteroGraph graph, LinkLabels supervision) {}

  /**
   * A fresh split of the training impressions for one epoch: a share (the disjoint ratio) of all of
   * them, clicks and real negatives alike, supervises, and the rest of the message-passing ones
   * pass messages. Over the epochs every impression supervises, the supervision keeps the log's
   * click rate, and within an epoch no link predicts itself. Drawn from (seed, epoch) alone.
   */
  public Epoch epochSplit(long seed, int epoch) {
    int n = trainAll.size();
    int[] perm = new int[n];
    for (int k = 0; k < n; k++) {
      perm[k] = k;
    }
    Rng.derive(seed, 0xE5, epoch).shuffle(perm, n);
    int cut = (int) (disjointRatio * n);
    int[] sup = Arrays.copyOf(perm, cut);
    Arrays.sort(sup);
    int[] mp = new int[n - cut];
    int m = 0;
    for (int s = cut; s < n; s++) {
      if (trainAllTypes[perm[s]] >= 0) {
        mp[m++] = perm[s];
      }
    }
    Arrays.sort(mp, 0, m);
    HeteroGraph g =
        HeteroGraph.build(
            users.size(),
            items.size(),
            messageTypes,
            trainAll.users(),
            trainAll.items(),
            trainAllTypes,
            trainAll.times(),
            mp,
            m);
    int[] u = new int[cut];
    int[] i = new int[cut];
    float[] l = new float[cut];
    long[] t = new long[cut];
    for (int s = 0; s < cut; s++) {
      u[s] = trainAll.users()[sup[s]];
      i[s] = trainAll.items()[sup[s]];
      l[s] = trainAll.labels()[sup[s]];
      t[s] = trainAll.times()[sup[s]];
    }
    return new Epoch(g, new LinkLabels(u, i, l, t));
  }

  /**
   * The segments of the test links: {@code cold_users} (impressions of users with no impression
   * before the test), {@code cold_items} (likewise items) and {@code known} (both seen before).
   */
  public java.util.Map<String, boolean[]> testSegments() {
    java.util.Map<String, boolean[]> m = new java.util.LinkedHashMap<>();
    if (test == null) {
      return m;
    }
    int n = test.size();
    boolean[] cu = new boolean[n];
    boolean[] ci = new boolean[n];
    boolean[] known = new boolean[n];
    for (int k = 0; k < n; k++) {
      cu[k] = !seenUsers.get(test.users()[k]);
      ci[k] = !seenItems.get(test.items()[k]);
      known[k] = !cu[k] && !ci[k];
    }
    m.put("cold_users", cu);
    m.put("cold_items", ci);
    m.put("known", known);
    return m;
  }
}
