package org.recsys4j.data.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.impressions.ImpressionDataset;
import org.recsys4j.data.synthetic.SyntheticImpressions;

class LinkDataTest {
  @TempDir Path tmp;

  private ImpressionDataset generated(long impressions) {
    Path dir = tmp.resolve("gen");
    SyntheticImpressions.write(dir, 300, 120, impressions, 20, 5);
    return ImpressionDataset.read(dir, BadRowPolicy.ERROR, null, null);
  }

  private static LinkSplitOptions options(LinkSplitOptions.Mode mode, double disjoint, double neg) {
    return new LinkSplitOptions(mode, 0.1, 0.2, disjoint, neg, List.of("click"), 9);
  }

  @Test
  void temporalSplitKeepsTheFutureOutOfEveryTrainingGraphAndOrdersKnownNodesFirst() {
    ImpressionDataset ds = generated(20_000);
    LinkData d = LinkData.split(ds, options(LinkSplitOptions.Mode.TEMPORAL, 0.3, 0));
    long cut = d.testFrom();
    for (long t : d.test().times()) {
      assertThat(t).isGreaterThanOrEqualTo(cut);
    }
    for (HeteroGraph g : List.of(d.trainGraph(), d.validGraph(), d.testGraph())) {
      for (long t : g.userToItem(0).times()) {
        assertThat(t).isLessThan(cut);
      }
    }
    // every validation link is later than every training supervision link
    long lastTrain = Long.MIN_VALUE;
    for (long t : d.trainLinks().times()) {
      lastTrain = Math.max(lastTrain, t);
    }
    for (long t : d.valid().times()) {
      assertThat(t).isGreaterThanOrEqualTo(lastTrain);
    }
    // known nodes are exactly those of the training impressions, numbered first
    for (int u : d.trainLinks().users()) {
      assertThat(u).isLessThan(d.knownUsers());
    }
    for (int u = 0; u < d.trainGraph().users(); u++) {
      if (d.trainGraph().userToItem(0).degree(u) > 0) {
        assertThat(u).isLessThan(d.knownUsers());
      }
    }
    assertThat(d.users().size()).isEqualTo(300); // the users table adds the nodes never shown
  }

  @Test
  void noSupervisionClickPassesMessagesInItsOwnEpoch() {
    ImpressionDataset ds = generated(20_000);
    LinkData d = LinkData.split(ds, options(LinkSplitOptions.Mode.TEMPORAL, 0.3, 0));
    PairSet messages = new PairSet(1024);
    HeteroGraph.Adjacency a = d.trainGraph().userToItem(0);
    for (int u = 0; u < a.rows(); u++) {
      for (int e = a.ptr()[u]; e < a.ptr()[u + 1]; e++) {
        messages.add(u, a.neighbours()[e]);
      }
    }
    // a pair clicked once in training is either a message edge or a supervision link, never both
    Map<Long, Integer> count = new HashMap<>();
    for (int u = 0; u < a.rows(); u++) {
      for (int e = a.ptr()[u]; e < a.ptr()[u + 1]; e++) {
        count.merge(((long) u << 32) | a.neighbours()[e], 1, Integer::sum);
      }
    }
    LinkLabels all = d.trainLinks();
    for (int k = 0; k < all.size(); k++) {
      if (all.labels()[k] == 1f) {
        count.merge(((long) all.users()[k] << 32) | all.items()[k], 1, Integer::sum);
      }
    }
    int checked = 0;
    for (int k = 0; k < all.size(); k++) {
      long key = ((long) all.users()[k] << 32) | all.items()[k];
      if (all.labels()[k] == 1f && count.get(key) == 1) {
        assertThat(messages.contains(all.users()[k], all.items()[k])).isFalse();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(300);
    // the split sizes follow the ratio: 30% of the training clicks supervise
    int trainClicks = d.trainLinks().positives() + (int) d.trainGraph().edges();
    assertThat(d.trainLinks().positives())
        .isCloseTo((int) (0.3 * trainClicks), org.assertj.core.data.Offset.offset(2));
  }

  @Test
  void randomSplitHoldsOutLinksWithNegativesThatAreNeverPositivesAndKnowsEveryNode() {
    ImpressionDataset ds = generated(20_000);
    LinkSplitOptions o =
        new LinkSplitOptions(LinkSplitOptions.Mode.RANDOM, 0.1, 0.1, 0.3, 2.0, List.of("click"), 3);
    LinkData d = LinkData.split(ds, o);
    int n = ds.log().size();
    assertThat(d.valid().size()).isEqualTo((int) (0.1 * n) + 2 * d.valid().positives());
    PairSet clicks = new PairSet(n);
    for (int k = 0; k < n; k++) {
      if (ds.log().label(k) == 1) {
        clicks.add(
            d.users().indexOf(ds.log().users().rawId(ds.log().user(k))),
            d.items().indexOf(ds.log().items().rawId(ds.log().item(k))));
      }
    }
    int negatives = 0;
    for (LinkLabels l : List.of(d.valid(), d.test())) {
      for (int k = (int) (0.1 * n); k < l.size(); k++) { // the sampled negatives follow the log's
        assertThat(l.labels()[k]).isZero();
        assertThat(clicks.contains(l.users()[k], l.items()[k])).isFalse();
        negatives++;
      }
    }
    assertThat(negatives).isGreaterThan(1000);
    assertThat(d.knownUsers()).isEqualTo(d.users().size());
    assertThat(d.knownItems()).isEqualTo(d.items().size());
  }

  @Test
  void sameSeedSameSplitAndUnknownEdgeTypesAreNamed() {
    ImpressionDataset ds = generated(5_000);
    LinkData a = LinkData.split(ds, options(LinkSplitOptions.Mode.RANDOM, 0.3, 1));
    LinkData b = LinkData.split(ds, options(LinkSplitOptions.Mode.RANDOM, 0.3, 1));
    assertThat(a.test().users()).isEqualTo(b.test().users());
    assertThat(a.test().items()).isEqualTo(b.test().items());
    assertThat(a.trainGraph().userToItem(0).neighbours())
        .isEqualTo(b.trainGraph().userToItem(0).neighbours());
    assertThatThrownBy(
            () ->
                LinkData.split(
                    ds,
                    new LinkSplitOptions(
                        LinkSplitOptions.Mode.RANDOM, 0.1, 0.1, 0, 0, List.of("order"), 1)))
        .hasMessageContaining("edge type 'order' does not occur")
        .hasMessageContaining("[click, view]");
  }

  @Test
  void trainingNegativesAreNeverTrainingClicks() {
    ImpressionDataset ds = generated(20_000);
    LinkData d = LinkData.split(ds, options(LinkSplitOptions.Mode.TEMPORAL, 0.3, 0));
    LinkLabels neg =
        LinkData.negatives(
            d.trainLinks(),
            3.0,
            d.users().size(),
            d.items().size(),
            d.trainPositives(),
            new org.recsys4j.core.Rng(1));
    assertThat(neg.size()).isEqualTo(3 * d.trainLinks().positives());
    LinkLabels sup = d.trainLinks();
    for (int k = 0; k < neg.size(); k++) {
      assertThat(d.trainPositives().contains(neg.users()[k], neg.items()[k])).isFalse();
      assertThat(neg.labels()[k]).isZero();
    }
    for (int k = 0; k < sup.size(); k++) {
      if (sup.labels()[k] == 1f) {
        assertThat(d.trainPositives().contains(sup.users()[k], sup.items()[k])).isTrue();
      }
    }
  }

  @Test
  void epochSplitsKeepTheClickRateAndNeverLetALinkPredictItself() {
    ImpressionDataset ds = generated(20_000);
    LinkData d = LinkData.split(ds, options(LinkSplitOptions.Mode.TEMPORAL, 0.3, 0));
    LinkData.Epoch a = d.epochSplit(7, 0);
    LinkData.Epoch again = d.epochSplit(7, 0);
    LinkData.Epoch b = d.epochSplit(7, 1);
    assertThat(a.supervision().users()).isEqualTo(again.supervision().users());
    assertThat(a.supervision().users()).isNotEqualTo(b.supervision().users());
    assertThat(a.supervision().size()).isEqualTo(d.epochSupervisionSize());
    // the click rate of the supervision is the training period's
    LinkLabels all = d.trainLinks();
    double rate = (double) a.supervision().positives() / a.supervision().size();
    long clicks = 0;
    long rows = 0;
    for (int k = 0; k < ds.log().size(); k++) {
      if (ds.log().time(k) < d.testFrom()) {
        clicks += ds.log().label(k);
        rows++;
      }
    }
    assertThat(rate).isCloseTo((double) clicks / rows, org.assertj.core.data.Offset.offset(0.03));
    // every training click is a message edge or a supervision link, never both: the two add up to
    // the training clicks exactly (as the fixed split's do)
    long trainClicks = d.trainGraph().edges() + d.trainLinks().positives();
    for (LinkData.Epoch e : java.util.List.of(a, b)) {
      assertThat(e.graph().edges() + e.supervision().positives()).isEqualTo(trainClicks);
    }
    assertThat(all).isNotNull();
  }
}
