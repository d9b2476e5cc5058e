package org.recsys4j.data.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recsys4j.data.Interactions;

class BprSamplerTest {
  /** User 0 has 1 item, user 1 has 9, user 2 has none; 12 items. */
  private static Interactions skewed() {
    int[] us = {0, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    int[] is = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    return Interactions.fromPairs(3, 12, us, is, us.length);
  }

  /** An epoch as rows {user, positive, negatives...}. */
  private static List<int[]> epoch(BprSampler s, int epoch, int batch) {
    s.startEpoch(epoch);
    BprBatch b = s.newBatch(batch, 0);
    int g = b.negativesPerPair();
    List<int[]> out = new ArrayList<>();
    while (s.next(b)) {
      for (int i = 0; i < b.size(); i++) {
        int[] row = new int[2 + g];
        row[0] = b.users()[i];
        row[1] = b.pos()[i];
        System.arraycopy(b.neg(), i * g, row, 2, g);
        out.add(row);
      }
    }
    return out;
  }

  @Test
  void interactionModeVisitsEveryInteractionOnceAndNeverDrawsAPositiveAsNegative() {
    Interactions train = skewed();
    List<int[]> triples = epoch(new BprSampler(train, 7, BprSampler.Mode.INTERACTION), 0, 3);
    assertThat(triples).hasSize(train.size());
    boolean[] seen = new boolean[12];
    for (int[] t : triples) {
      assertThat(train.contains(t[0], t[1])).isTrue();
      assertThat(train.contains(t[0], t[2])).isFalse();
      assertThat(seen[t[1]]).as("item %d twice", t[1]).isFalse();
      seen[t[1]] = true;
    }
  }

  @Test
  void userModeDrawsUsersUniformlyWhateverTheirActivity() {
    Interactions train = skewed();
    BprSampler s = new BprSampler(train, 11, BprSampler.Mode.USER);
    int[] perUser = new int[3];
    int[] perItemOfUser1 = new int[12];
    int total = 0;
    for (int e = 0; e < 2000; e++) {
      for (int[] t : epoch(s, e, 4)) {
        assertThat(train.contains(t[0], t[1])).isTrue();
        assertThat(train.contains(t[0], t[2])).isFalse();
        perUser[t[0]]++;
        if (t[0] == 1) {
          perItemOfUser1[t[1]]++;
        }
        total++;
      }
    }
    assertThat(total).isEqualTo(2000 * train.size());
    assertThat(perUser[2]).as("a user without training items is never drawn").isZero();
    // Interaction order would give user 0 a tenth of the triples; user-uniform gives half (sd
    // ~0.0035).
    assertThat(perUser[0] / (double) total)
        .isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.02));
    for (int i = 1; i <= 9; i++) {
      assertThat(perItemOfUser1[i] / (double) perUser[1])
          .isCloseTo(1 / 9.0, org.assertj.core.data.Offset.offset(0.02));
    }
  }

  @Test
  void severalNegativesPerPairAreDistinctDrawsOutsideTheUsersItems() {
    Interactions train = skewed();
    for (BprSampler.Mode mode : BprSampler.Mode.values()) {
      BprSampler s = new BprSampler(train, 3, mode, 3);
      assertThat(s.epochSize()).isEqualTo(train.size());
      List<int[]> t = epoch(s, 0, 4);
      assertThat(t).hasSize(train.size());
      boolean[] seen = new boolean[12];
      int negChanges = 0;
      for (int[] row : t) {
        assertThat(row).hasSize(5);
        assertThat(train.contains(row[0], row[1])).isTrue();
        for (int j = 2; j < 5; j++) {
          assertThat(train.contains(row[0], row[j]))
              .as("negative %d of user %d", row[j], row[0])
              .isFalse();
        }
        negChanges += row[3] != row[2] ? 1 : 0;
        if (mode == BprSampler.Mode.INTERACTION) {
          assertThat(seen[row[1]]).isFalse();
          seen[row[1]] = true;
        }
      }
      assertThat(negChanges).as("negatives are drawn anew, not copied").isGreaterThan(0);
    }
    // one negative is the plain stream
    assertThat(epoch(new BprSampler(train, 9, BprSampler.Mode.INTERACTION, 1), 2, 3))
        .usingRecursiveFieldByFieldElementComparator()
        .isEqualTo(epoch(new BprSampler(train, 9), 2, 3));
    assertThatThrownBy(() -> new BprSampler(train, 1, BprSampler.Mode.USER, 0))
        .hasMessageContaining("negatives must");
    BprSampler three = new BprSampler(train, 1, BprSampler.Mode.USER, 3);
    three.startEpoch(0);
    assertThatThrownBy(() -> three.next(new BprBatch(4)))
        .hasMessageContaining("1 negatives per pair");
  }

  @Test
  void sharedPoolMarksExactlyTheUsersOwnItemsAndIsUniform() {
    Interactions train = skewed();
    BprSampler s = new BprSampler(train, 13, BprSampler.Mode.INTERACTION);
    int pool = 7;
    int[] drawn = new int[12];
    int pairs = 0;
    for (int e = 0; e < 400; e++) {
      s.startEpoch(e);
      BprBatch b = s.newBatch(4, pool);
      while (s.next(b)) {
        assertThat(b.sharedCount()).isEqualTo(pool);
        for (int i = 0; i < b.size(); i++) {
          assertThat(train.contains(b.users()[i], b.pos()[i])).isTrue();
          for (int j = 0; j < pool; j++) {
            // brute force: a pair may use pool item j exactly when its user has not got it in
            // training
            boolean own = train.contains(b.users()[i], b.shared()[j]);
            assertThat(b.sharedValid()[i * pool + j])
                .as("pair %d pool slot %d", i, j)
                .isEqualTo((byte) (own ? 0 : 1));
          }
          pairs++;
        }
        for (int j = 0; j < pool; j++) {
          drawn[b.shared()[j]]++;
        }
      }
    }
    assertThat(pairs).isEqualTo(400 * train.size());
    int total = java.util.Arrays.stream(drawn).sum();
    for (int item = 0; item < 12; item++) {
      assertThat(drawn[item] / (double) total)
          .as("item %d", item)
          .isCloseTo(1 / 12.0, org.assertj.core.data.Offset.offset(0.01));
    }
    BprSampler several = new BprSampler(train, 1, BprSampler.Mode.USER, 2);
    several.startEpoch(0);
    assertThatThrownBy(() -> several.next(new BprBatch(4, 1, 3)))
        .hasMessageContaining("shared negative pool");
  }

  @Test
  void anEpochIsAFunctionOfSeedAndEpochOnly() {
    for (BprSampler.Mode mode : BprSampler.Mode.values()) {
      BprSampler a = new BprSampler(skewed(), 5, mode);
      BprSampler b = new BprSampler(skewed(), 5, mode);
      List<int[]> a3 = epoch(a, 3, 4);
      epoch(b, 0, 4);
      epoch(b, 1, 2);
      assertThat(epoch(b, 3, 4)).usingRecursiveFieldByFieldElementComparator().isEqualTo(a3);
      assertThat(epoch(a, 4, 4)).usingRecursiveFieldByFieldElementComparator().isNotEqualTo(a3);
    }
  }

  @Test
  void rejectsUsersWithoutNegativesAndUnknownModes() {
    Interactions full = Interactions.fromPairs(1, 2, new int[] {0, 0}, new int[] {0, 1}, 2);
    assertThatThrownBy(() -> new BprSampler(full, 1, BprSampler.Mode.USER))
        .hasMessageContaining("every item");
    assertThatThrownBy(() -> BprSampler.Mode.parse("popularity"))
        .hasMessageContaining("sampling must")
        .hasMessageContaining("popularity");
    assertThat(BprSampler.Mode.parse(" User ")).isEqualTo(BprSampler.Mode.USER);
  }
}
