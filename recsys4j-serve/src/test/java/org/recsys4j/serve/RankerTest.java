package org.recsys4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring stage against an in-process computation: every (user, item) row filled from the node
 * tables and encoded whole, as {@code predict} does, must score what the ranker's encode-once path
 * scores, over HTTP too ({@code /v1/recommend} with a ranker, {@code /v1/score}); a new user's
 * request features replace the store's; bad context and features get a 400 naming them.
 */
class RankerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static RankerFixture f;
  static Catalog catalog;
  static RecommendServer server;

  @BeforeAll
  static void start() {
    f = new RankerFixture(dir);
    // the ranker's node tables default to the impression log it was trained on
    catalog = ServeSources.of(f.retrieval, f.ranker).load();
    server = new RecommendServer(catalog, ServeLimits.defaults()).start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void encodingItemsOnceScoresWhatEncodingWholeRowsScores() {
    Ranker r = catalog.ranker();
    int n = catalog.items().size();
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    float[] got = new float[n];
    String[] raw = new String[n];
    for (int i = 0; i < n; i++) {
      raw[i] = catalog.items().rawId(i);
    }
    for (String user : List.of("u0", "u7", "u55")) {
      r.score(new Ranker.Request(user, Map.of(), Map.of()), all, n, got);
      assertThat(got).as(user).isEqualTo(f.reference(user, raw, null));
    }
    // scores differ across items and users: the comparison above is not between constants
    assertThat(got[0]).isNotEqualTo(got[1]);
  }

  @Test
  void aNewUsersRequestFeaturesTakeThePlaceOfTheStoresRow() {
    Map<String, String> features = Map.of("age", "31", "region", "r2");
    float[] got = new float[3];
    catalog
        .ranker()
        .score(new Ranker.Request("brand-new", features, Map.of()), new int[] {0, 1, 2}, 3, got);
    String[] three = {catalog.items().rawId(0), catalog.items().rawId(1), catalog.items().rawId(2)};
    assertThat(got).isEqualTo(f.reference("brand-new", three, features));
    float[] without = new float[3];
    catalog
        .ranker()
        .score(
            new Ranker.Request("brand-new", Map.of(), Map.of()), new int[] {0, 1, 2}, 3, without);
    assertThat(without).isNotEqualTo(got);
    assertThatThrownBy(
            () ->
                catalog
                    .ranker()
                    .score(
                        new Ranker.Request("x", Map.of("shoe_size", "9"), Map.of()),
                        new int[] {0},
                        1,
                        new float[1]))
        .isInstanceOf(BadRequest.class)
        .hasMessageContaining(
            "features: 'shoe_size' is not a feature; the features are [age, region]");
  }

  @Test
  void aRankerTrainedWithNodeFeaturesRefusesToRunWithoutTheirTables() {
    assertThatThrownBy(() -> Ranker.load(f.ranker, FeatureStore.empty(), catalog.items()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was trained with user features [user_age, user_region]")
        .hasMessageContaining("--nodes DIR");
  }

  @Test
  void threadsScoringAtOnceGetTheSerialAnswers() throws Exception {
    Ranker r = catalog.ranker();
    int n = catalog.items().size();
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    float[][] serial = new float[8][n];
    for (int t = 0; t < 8; t++) {
      r.score(new Ranker.Request("u" + t, Map.of(), Map.of()), all, n, serial[t]);
    }
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Boolean>> same = new ArrayList<>();
      for (int rep = 0; rep < 50; rep++) {
        int t = rep % 8;
        same.add(
            pool.submit(
                () -> {
                  float[] got = new float[n];
                  r.score(new Ranker.Request("u" + t, Map.of(), Map.of()), all, n, got);
                  return java.util.Arrays.equals(got, serial[t]);
                }));
      }
      for (var s : same) {
        assertThat(s.get()).isTrue();
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void recommendScoresTheFilteredCandidatesAndOrdersThemByClickProbability() throws Exception {
    String user = "u3";
    int u = catalog.users().indexOf(user);
    // in process: retrieval's 30 best unseen items, each scored as a whole row, best first
    int[] ids = new int[catalog.items().size()];
    float[] s = new float[ids.length];
    int got = catalog.index().search(catalog.userVector(u), ids.length, ids, s);
    List<Integer> cands = new ArrayList<>();
    for (int j = 0; j < got && cands.size() < 30; j++) {
      if (!catalog.hasSeen(u, ids[j])) {
        cands.add(ids[j]);
      }
    }
    // scored in retrieval order, in one batch, as the pipeline scores them
    float[] p =
        f.reference(
            user, cands.stream().map(i -> catalog.items().rawId(i)).toArray(String[]::new), null);
    Map<Integer, Float> score = new java.util.HashMap<>();
    for (int j = 0; j < p.length; j++) {
      score.put(cands.get(j), p[j]);
    }
    cands.sort(Comparator.<Integer>comparingDouble(i -> -score.get(i)).thenComparingInt(i -> i));
    List<String> expected =
        cands.subList(0, 10).stream().map(i -> catalog.items().rawId(i)).toList();

    HttpResponse<String> r =
        RecommendServerTest.post(
            server,
            "/v1/recommend",
            "{\"user\": \"u3\", \"k\": 10, \"candidates\": 30, \"explain\": true}",
            null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode o = JSON.readTree(r.body());
    List<String> items = new ArrayList<>();
    o.path("items").forEach(n -> items.add(n.path("item").asText()));
    assertThat(items).isEqualTo(expected);
    assertThat(o.path("items").get(0).path("score").floatValue())
        .isEqualTo(score.get(cands.get(0)));
    assertThat(o.path("models").path("ranker").asText()).startsWith("dcnv2@");
    List<String> stages = new ArrayList<>();
    o.path("stages").forEach(n -> stages.add(n.path("stage").asText()));
    assertThat(stages).containsExactly("retrieval", "filtering", "scoring", "ordering");
    assertThat(o.path("stages").get(2).path("candidates").asInt()).isEqualTo(30);
  }

  @Test
  void scoreAnswersRowsAsPredictWould() throws Exception {
    String body =
        "{\"rows\": [{\"user\": \"u1\", \"item\": \"i4\"},"
            + " {\"user\": \"new\", \"item\": \"i5\", \"features\": {\"age\": 40, \"region\": \"r1\"}},"
            + " {\"user\": \"u2\", \"item\": \"not-in-catalogue\"}]}";
    HttpResponse<String> r = RecommendServerTest.post(server, "/v1/score", body, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode o = JSON.readTree(r.body());
    java.util.List<Map<String, String>> features = new ArrayList<>();
    features.add(null);
    features.add(Map.of("age", "40", "region", "r1"));
    features.add(null);
    float[] expected =
        f.reference(
            new String[] {"u1", "new", "u2"},
            new String[] {"i4", "i5", "not-in-catalogue"},
            features);
    for (int row = 0; row < 3; row++) {
      assertThat(o.path("scores").get(row).floatValue()).isEqualTo(expected[row]);
    }
  }

  @Test
  void badScoringInputGetsA400NamingTheField() throws Exception {
    String[][] cases = {
      {"/v1/score", "{\"rows\": []}", "rows", "rows: expected a non-empty array"},
      {
        "/v1/score",
        "{\"rows\": [{\"user\": \"u1\"}]}",
        "rows[0].item",
        "expected a non-empty string"
      },
      {
        "/v1/score",
        "{\"rows\": [{\"user\": \"u1\", \"item\": \"i1\", \"x\": 1}]}",
        "rows[0].x",
        "unknown field"
      },
      {
        "/v1/recommend",
        "{\"user\": \"u1\", \"context\": {\"weather\": \"rain\"}}",
        "context.weather",
        "is not a context column of the ranker"
      },
      {
        "/v1/recommend",
        "{\"user\": \"u1\", \"features\": {\"height\": 2}}",
        "features",
        "'height' is not a feature"
      },
      {
        "/v1/recommend",
        "{\"user\": \"u1\", \"features\": {\"age\": [1]}}",
        "features.age",
        "expected a string, number or boolean"
      },
    };
    for (String[] c : cases) {
      HttpResponse<String> r = RecommendServerTest.post(server, c[0], c[1], null);
      assertThat(r.statusCode()).as(c[1]).isEqualTo(400);
      JsonNode o = JSON.readTree(r.body());
      assertThat(o.path("field").asText()).as(c[1]).isEqualTo(c[2]);
      assertThat(o.path("error").asText()).as(c[1]).contains(c[3]);
    }
  }
}
