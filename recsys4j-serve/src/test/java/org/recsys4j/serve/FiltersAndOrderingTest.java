package org.recsys4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.Dataset;
import org.recsys4j.data.synthetic.SyntheticInteractions;
import org.recsys4j.eval.DotProductRecommender;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.Models;
import org.recsys4j.models.RankingModel;
import org.recsys4j.models.mf.MfConfig;
import org.recsys4j.train.BundleSections;
import org.recsys4j.train.ModelBundle;

/**
 * Filtering on item attributes and a deny list, and ordering with a per-value cap and seeded
 * softmax sampling, each against a brute-force computation over the bundle's embeddings.
 */
class FiltersAndOrderingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static Dataset data;
  static DotProductRecommender emb;
  static Catalog catalog;
  static List<Integer> denied;

  @BeforeAll
  static void load() throws Exception {
    data = new SyntheticInteractions(200, 150, 5, 15, 0.8, 0.8, 11L).generate();
    RankingModel m =
        (RankingModel)
            Models.create("mf", new MfConfig(8, 0f, 0.1f), ModelInputs.of(data.train()), 3);
    m.prepareForScoring(Parallel.serial());
    emb = m.embeddings();
    Path b = dir.resolve("mf");
    ModelBundle.save(
        b,
        m,
        BundleSections.ranking(data.users(), data.items(), data.train()),
        new ModelBundle.Provenance(
            data.name(),
            data.fingerprint(),
            Map.of(),
            3L,
            1,
            Map.of(),
            Map.of(),
            "last-epoch",
            null));
    StringBuilder csv = new StringBuilder("id,genre\n");
    for (int i = 0; i < data.items().size(); i++) {
      // genre g0..g2, every fifth item also g9 (multi-valued)
      csv.append(data.items().rawId(i)).append(',').append("g").append(i % 3);
      csv.append(i % 5 == 0 ? "|g9" : "").append('\n');
    }
    csv.append("not-an-item,g1\n");
    Files.writeString(dir.resolve("items.csv"), csv);
    // deny the two best items of user 0
    List<Integer> top = ranked(0, i -> true);
    denied = List.of(top.get(0), top.get(1));
    Files.writeString(
        dir.resolve("deny.txt"),
        "# never show\n"
            + data.items().rawId(denied.get(0))
            + "\n"
            + data.items().rawId(denied.get(1))
            + "\nunknown\n");
    catalog = Catalog.load(b, dir.resolve("items.csv"), dir.resolve("deny.txt"));
  }

  /** User u's unseen items passing {@code keep}, best first (ties: lower id). */
  static List<Integer> ranked(int u, IntPredicate keep) {
    int d = emb.dim();
    int[] ptr = data.train().userPtr();
    int[] seen = Arrays.copyOfRange(data.train().items(), ptr[u], ptr[u + 1]);
    float[] s = new float[emb.numItems()];
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      double acc = 0;
      for (int j = 0; j < d; j++) {
        acc += emb.userEmbeddings()[u * d + j] * emb.itemEmbeddings()[i * d + j];
      }
      s[i] = (float) acc;
      final int item = i;
      if (Arrays.stream(seen).noneMatch(x -> x == item) && keep.test(i)) {
        all.add(i);
      }
    }
    all.sort(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i));
    return all;
  }

  static RecommendPipeline.Result ask(String json) throws Exception {
    return RecommendPipeline.recommend(
        catalog,
        RecommendRequest.parse(JSON.readTree(json), ServeLimits.defaults(), catalog.attributes()));
  }

  static List<String> items(RecommendPipeline.Result r) {
    return r.items().stream().map(RecommendPipeline.Scored::item).toList();
  }

  static List<String> raw(List<Integer> ids, int k) {
    return ids.subList(0, Math.min(k, ids.size())).stream()
        .map(i -> data.items().rawId(i))
        .toList();
  }

  @Test
  void whenFiltersRejectMostOfWhatHnswFoundTheExactScanTakesOver() throws Exception {
    Catalog hnsw =
        Catalog.load(dir.resolve("mf"), dir.resolve("items.csv"), dir.resolve("deny.txt"))
            .withHnswAbove(0, 10);
    assertThat(hnsw.retriever().kind()).isEqualTo("hnsw");
    String user = data.users().rawId(0);
    // a filter that keeps nothing: retrieval widens to the whole catalogue, by the exact scan
    RecommendPipeline.Result none =
        RecommendPipeline.recommend(
            hnsw,
            RecommendRequest.parse(
                JSON.readTree(
                    "{\"user\": \""
                        + user
                        + "\", \"k\": 5, \"candidates\": 5, \"filters\": {\"genre\": {\"in\": [\"none\"]}}}"),
                ServeLimits.defaults(),
                hnsw.attributes()));
    assertThat(none.items()).isEmpty();
    assertThat(none.retrievedBy()).isEqualTo("exact");
    // without filters HNSW answers
    RecommendPipeline.Result plain =
        RecommendPipeline.recommend(
            hnsw,
            RecommendRequest.parse(
                JSON.readTree("{\"user\": \"" + user + "\", \"k\": 5}"),
                ServeLimits.defaults(),
                hnsw.attributes()));
    assertThat(plain.retrievedBy()).isEqualTo("hnsw");
    assertThat(plain.items()).hasSize(5);
  }

  @Test
  void attributeFiltersAndTheDenyListLeaveOnlyWhatTheyAllow() throws Exception {
    String user = data.users().rawId(0);
    IntPredicate notDenied = i -> !denied.contains(i);
    assertThat(catalog.attributes().skipped()).isEqualTo(1);
    assertThat(items(ask("{\"user\": \"" + user + "\", \"k\": 8}")))
        .isEqualTo(raw(ranked(0, notDenied), 8));
    assertThat(
            items(
                ask(
                    "{\"user\": \""
                        + user
                        + "\", \"k\": 8, \"filters\": {\"genre\": {\"in\": [\"g1\"]}}}")))
        .isEqualTo(raw(ranked(0, i -> notDenied.test(i) && i % 3 == 1), 8));
    // multi-valued: g9 matches every fifth item, whatever its first genre
    assertThat(
            items(
                ask(
                    "{\"user\": \""
                        + user
                        + "\", \"k\": 8, \"filters\": {\"genre\": {\"in\": [\"g9\"]}}}")))
        .isEqualTo(raw(ranked(0, i -> notDenied.test(i) && i % 5 == 0), 8));
    assertThat(
            items(
                ask(
                    "{\"user\": \""
                        + user
                        + "\", \"k\": 8, \"candidates\": 8, \"filters\": {\"genre\":"
                        + " {\"not_in\": [\"g0\", \"g9\"]}}}")))
        .isEqualTo(raw(ranked(0, i -> notDenied.test(i) && i % 3 != 0 && i % 5 != 0), 8));
  }

  @Test
  void aPerValueCapKeepsAtMostThatManyOfEachAndOtherwiseTheScoreOrder() throws Exception {
    String user = data.users().rawId(4);
    List<Integer> order = ranked(4, i -> !denied.contains(i));
    List<String> expected = new ArrayList<>();
    Map<String, Integer> count = new HashMap<>();
    for (int i : order) {
      if (expected.size() == 6) {
        break;
      }
      if (count.merge("g" + (i % 3), 1, Integer::sum) <= 2) {
        expected.add(data.items().rawId(i));
      }
    }
    assertThat(
            items(
                ask(
                    "{\"user\": \""
                        + user
                        + "\", \"k\": 6, \"max_per\": {\"column\": \"genre\", \"count\": 2}}")))
        .isEqualTo(expected);
  }

  @Test
  void softmaxSamplingReplaysFromItsSeedAndFollowsTheScores() throws Exception {
    String user = data.users().rawId(7);
    String q = "{\"user\": \"" + user + "\", \"k\": 10, \"temperature\": 0.5, \"seed\": 42}";
    RecommendPipeline.Result a = ask(q);
    assertThat(a.seed()).isEqualTo(42L);
    assertThat(items(ask(q))).isEqualTo(items(a));
    assertThat(items(ask(q.replace("42", "43")))).isNotEqualTo(items(a));
    // a vanishing temperature is the deterministic order
    assertThat(
            items(
                ask("{\"user\": \"" + user + "\", \"k\": 10, \"temperature\": 1e-9, \"seed\": 1}")))
        .isEqualTo(raw(ranked(7, i -> !denied.contains(i)), 10));
    // two candidates with softmax probabilities 1/3 and 2/3 come first in those shares
    int second = 0;
    int n = 20_000;
    for (long s = 0; s < n; s++) {
      second += RecommendPipeline.sampled(new float[] {0f, (float) Math.log(2)}, 2, 1.0, s)[0];
    }
    assertThat(second / (double) n).isCloseTo(2.0 / 3, org.assertj.core.data.Offset.offset(0.015));
  }

  @Test
  void rulesOnUnknownAttributesOrOfTheWrongShapeAreRefused() {
    String u = data.users().rawId(0);
    assertThatThrownBy(
            () -> ask("{\"user\": \"" + u + "\", \"filters\": {\"nope\": {\"in\": [\"x\"]}}}"))
        .isInstanceOf(BadRequest.class)
        .hasMessageContaining("filters.nope: unknown item attribute; known: [genre]");
    assertThatThrownBy(() -> ask("{\"user\": \"" + u + "\", \"filters\": {\"genre\": [\"x\"]}}"))
        .hasMessageContaining(
            "filters.genre: expected {\"in\": [values]} or {\"not_in\": [values]}");
    assertThatThrownBy(() -> ask("{\"user\": \"" + u + "\", \"temperature\": 0}"))
        .hasMessageContaining("temperature: expected a number above 0");
    assertThatThrownBy(
            () ->
                ask(
                    "{\"user\": \""
                        + u
                        + "\", \"max_per\": {\"column\": \"genre\", \"count\": 0}}"))
        .hasMessageContaining("max_per.count: expected at least 1");
  }
}
