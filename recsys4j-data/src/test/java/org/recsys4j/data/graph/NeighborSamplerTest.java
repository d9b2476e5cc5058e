package org.recsys4j.data.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.Rng;

class NeighborSamplerTest {

  /** A random bipartite graph with one edge type, edge times 0..99. */
  private static HeteroGraph graph(int users, int items, int edges, long seed) {
    Rng r = new Rng(seed);
    int[] u = new int[edges];
    int[] i = new int[edges];
    int[] type = new int[edges];
    long[] t = new long[edges];
    int[] all = new int[edges];
    for (int k = 0; k < edges; k++) {
      u[k] = r.nextInt(users);
      i[k] = r.nextInt(items);
      t[k] = r.nextInt(100);
      all[k] = k;
    }
    return HeteroGraph.build(users, items, new String[] {"click"}, u, i, type, t, all, edges);
  }

  private static boolean hasEdge(HeteroGraph.Adjacency a, int row, int col) {
    for (int e = a.ptr()[row]; e < a.ptr()[row + 1]; e++) {
      if (a.neighbours()[e] == col) {
        return true;
      }
    }
    return false;
  }

  private static SampledSubgraph sample(
      HeteroGraph g, int[] fanouts, NeighborSampler.Mode mode, long seed, int links) {
    Rng r = new Rng(seed + 1000);
    int[] u = new int[links];
    int[] i = new int[links];
    long[] t = new long[links];
    for (int k = 0; k < links; k++) {
      u[k] = r.nextInt(g.users());
      i[k] = r.nextInt(g.items());
      t[k] = 20 + r.nextInt(60);
    }
    SampledSubgraph out = new SampledSubgraph();
    new NeighborSampler(g, fanouts, mode).sample(u, i, t, links, new Rng(seed), out);
    return out;
  }

  @Test
  void fanOutBoundsRealNeighboursAndSeedsFirst() {
    HeteroGraph g = graph(200, 150, 5000, 1);
    int[] fanouts = {7, 3};
    for (NeighborSampler.Mode mode : NeighborSampler.Mode.values()) {
      SampledSubgraph s = sample(g, fanouts, mode, 2, 64);
      // every link's endpoints are seeds: within 0 hops
      for (int k = 0; k < s.links(); k++) {
        assertThat(s.linkUser(k)).isLessThan(s.usersWithin(0));
        assertThat(s.linkItem(k)).isLessThan(s.itemsWithin(0));
      }
      for (int h = 0; h < 2; h++) {
        int fromU = h == 0 ? 0 : s.usersWithin(h - 1);
        for (int u = fromU; u < s.usersWithin(h); u++) {
          int n = s.userRowPtr(0)[u + 1] - s.userRowPtr(0)[u];
          int deg = g.userToItem(0).degree(s.userIds()[u]);
          assertThat(n).isLessThanOrEqualTo(fanouts[h]);
          if (mode != NeighborSampler.Mode.TEMPORAL) {
            assertThat(n).isEqualTo(Math.min(deg, fanouts[h]));
          }
          for (int e = s.userRowPtr(0)[u]; e < s.userRowPtr(0)[u + 1]; e++) {
            int item = s.userNeighbours(0)[e];
            assertThat(item).isLessThan(s.itemsWithin(h + 1));
            assertThat(hasEdge(g.userToItem(0), s.userIds()[u], s.itemIds()[item])).isTrue();
          }
        }
      }
      assertThat(s.sampledEdges()).isPositive();
    }
  }

  @Test
  void temporalSubgraphsOnlySeeEdgesBeforeTheirLinkAndShareNothing() {
    HeteroGraph g = graph(100, 80, 4000, 3);
    Rng r = new Rng(5);
    int n = 40;
    int[] u = new int[n];
    int[] i = new int[n];
    long[] t = new long[n];
    for (int k = 0; k < n; k++) {
      u[k] = r.nextInt(100);
      i[k] = r.nextInt(80);
      t[k] = 10 + r.nextInt(80);
    }
    SampledSubgraph s = new SampledSubgraph();
    new NeighborSampler(g, new int[] {5, 5}, NeighborSampler.Mode.TEMPORAL)
        .sample(u, i, t, n, new Rng(9), s);
    int[] userGroup = new int[s.users()];
    int[] itemGroup = new int[s.items()];
    Arrays.fill(userGroup, -1);
    Arrays.fill(itemGroup, -1);
    for (int k = 0; k < n; k++) {
      userGroup[s.linkUser(k)] = k;
      itemGroup[s.linkItem(k)] = k;
    }
    assertThat(s.usersWithin(0)).isEqualTo(n); // disjoint: one seed user per link
    int checked = 0;
    for (int h = 0; h < 2; h++) {
      for (int x = h == 0 ? 0 : s.usersWithin(0); x < s.usersWithin(h); x++) {
        long before = t[userGroup[x]];
        HeteroGraph.Adjacency a = g.userToItem(0);
        for (int e = s.userRowPtr(0)[x]; e < s.userRowPtr(0)[x + 1]; e++) {
          int item = s.userNeighbours(0)[e];
          // the neighbour belongs to the same link's subgraph
          if (itemGroup[item] < 0) {
            itemGroup[item] = userGroup[x];
          }
          assertThat(itemGroup[item]).isEqualTo(userGroup[x]);
          // and an edge to it exists before the link's time
          boolean early = false;
          int row = s.userIds()[x];
          for (int k = a.ptr()[row]; k < a.ptr()[row + 1]; k++) {
            early |= a.neighbours()[k] == s.itemIds()[item] && a.times()[k] < before;
          }
          assertThat(early).isTrue();
          checked++;
        }
      }
      for (int x = h == 0 ? 0 : s.itemsWithin(0); x < s.itemsWithin(h); x++) {
        for (int e = s.itemRowPtr(0)[x]; e < s.itemRowPtr(0)[x + 1]; e++) {
          int user = s.itemNeighbours(0)[e];
          if (userGroup[user] < 0) {
            userGroup[user] = itemGroup[x];
          }
          assertThat(userGroup[user]).isEqualTo(itemGroup[x]);
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(200);
  }

  @Test
  void sameSeedSameSubgraphAndAllMeansAll() {
    HeteroGraph g = graph(300, 200, 9000, 4);
    SampledSubgraph a = sample(g, new int[] {10, 5}, NeighborSampler.Mode.SHARED, 7, 100);
    SampledSubgraph b = sample(g, new int[] {10, 5}, NeighborSampler.Mode.SHARED, 7, 100);
    SampledSubgraph c = sample(g, new int[] {10, 5}, NeighborSampler.Mode.SHARED, 8, 100);
    assertThat(Arrays.copyOf(a.userIds(), a.users()))
        .isEqualTo(Arrays.copyOf(b.userIds(), b.users()));
    assertThat(Arrays.copyOf(a.userNeighbours(0), (int) a.sampledEdges()))
        .isEqualTo(Arrays.copyOf(b.userNeighbours(0), (int) b.sampledEdges()));
    assertThat(Arrays.copyOf(a.itemIds(), a.items()))
        .isNotEqualTo(Arrays.copyOf(c.itemIds(), c.items()));
    SampledSubgraph all = sample(g, new int[] {-1}, NeighborSampler.Mode.SHARED, 7, 10);
    for (int u = 0; u < all.usersWithin(0); u++) {
      assertThat(all.userRowPtr(0)[u + 1] - all.userRowPtr(0)[u])
          .isEqualTo(g.userToItem(0).degree(all.userIds()[u]));
    }
    assertThatThrownBy(() -> new NeighborSampler(g, new int[] {0}, NeighborSampler.Mode.SHARED))
        .hasMessageContaining("positive or -1");
  }

  @Test
  void drawsAreUniformWithoutReplacement() {
    // one user with 4 items; fan-out 2: each item drawn with probability 1/2, never twice
    int[] u = {0, 0, 0, 0};
    int[] i = {0, 1, 2, 3};
    HeteroGraph g =
        HeteroGraph.build(
            1, 4, new String[] {"click"}, u, i, new int[4], new long[4], new int[] {0, 1, 2, 3}, 4);
    NeighborSampler sampler = new NeighborSampler(g, new int[] {2}, NeighborSampler.Mode.SHARED);
    SampledSubgraph s = new SampledSubgraph();
    int[] count = new int[4];
    Rng r = new Rng(11);
    for (int rep = 0; rep < 20_000; rep++) {
      sampler.sample(new int[] {0}, new int[] {0}, null, 1, r, s);
      int a = s.itemIds()[s.userNeighbours(0)[0]];
      int b = s.itemIds()[s.userNeighbours(0)[1]];
      assertThat(a).isNotEqualTo(b);
      count[a]++;
      count[b]++;
    }
    for (int c : count) {
      assertThat(c / 20_000.0).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.02));
    }
  }
}
