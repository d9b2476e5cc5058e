package org.recsys4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.impressions.NodeTable;
import org.recsys4j.serve.Catalog;
import org.recsys4j.serve.RecommendServer;
import org.recsys4j.serve.ServeLimits;
import org.recsys4j.serve.ServeSources;
import org.recsys4j.train.IsolatedUserEmbedder;
import org.recsys4j.train.LinkEmbedder;
import org.recsys4j.train.ModelBundle;

/**
 * GraphSAGE as the retrieval stage, trained from the command line: a known user's answer is every
 * item ranked by the model's own score over the bundle's embeddings, its linked items left out; a
 * new user is embedded from the request's features exactly as {@link LinkEmbedder} embeds a new
 * node over the whole grown graph, and answered from that vector.
 */
class ServeGraphSageTest extends CapturedConsole {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private Path trained(String scorer) {
    Path data = dir.resolve("log");
    if (!data.toFile().exists()) {
      assertThat(
              Main.run(
                  "generate",
                  "--kind",
                  "impressions",
                  "--users",
                  "200",
                  "--items",
                  "90",
                  "--impressions",
                  "8000",
                  "--days",
                  "10",
                  "--out",
                  data.toString()))
          .as(stderr())
          .isZero();
    }
    Path bundle = dir.resolve("gs-" + scorer);
    assertThat(
            Main.run(
                "train",
                "--model",
                "graphsage",
                "--data",
                data.toString(),
                "--dim",
                "8",
                "--scorer",
                scorer,
                "--epochs",
                "3",
                "--eval-every",
                "0",
                "--threads",
                "2",
                "--out",
                bundle.toString()))
        .as(stderr())
        .isZero();
    return bundle;
  }

  private JsonNode recommend(RecommendServer s, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/v1/recommend"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isIn(200, 400);
    return JSON.readTree(r.body());
  }

  private static List<String> items(JsonNode o) {
    List<String> got = new ArrayList<>();
    o.path("items").forEach(n -> got.add(n.path("item").asText()));
    return got;
  }

  /** Every item not linked to {@code user} (-1: none), by the model's score of (vector, item). */
  private static List<String> bruteForce(
      ModelBundle b, Catalog c, float[] vector, int user, int k, boolean dot) {
    LinkEmbedder e = LinkEmbedder.of(b);
    float[][] emb = e.embeddings(Parallel.serial());
    int d = e.dim();
    int n = e.items().size();
    float[] s = new float[n];
    if (dot) {
      for (int i = 0; i < n; i++) {
        double acc = 0;
        for (int t = 0; t < d; t++) {
          acc += vector[t] * emb[1][i * d + t];
        }
        s[i] = (float) acc;
      }
    } else {
      var tape = new org.recsys4j.core.autograd.Tape(Parallel.serial());
      float[] z =
          b.linkModel("test")
              .logits(
                  tape,
                  tape.constant(org.recsys4j.core.Tensor.of(vector.clone(), 1, d)),
                  tape.constant(org.recsys4j.core.Tensor.of(emb[1], n, d)),
                  new int[n],
                  java.util.stream.IntStream.range(0, n).toArray())
              .value()
              .toArray();
      System.arraycopy(z, 0, s, 0, n);
    }
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (user < 0 || !c.hasSeen(user, i)) {
        all.add(i);
      }
    }
    all.sort(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i));
    return all.subList(0, k).stream().map(i -> e.items().rawId(i)).toList();
  }

  @Test
  void knownAndNewUsersAreAnsweredFromTheGraphModel() throws Exception {
    for (String scorer : List.of("dot", "mlp")) {
      Path bundle = trained(scorer);
      ModelBundle b = ModelBundle.load(bundle, Parallel.serial());
      Catalog c = ServeSources.retrieval(bundle).load();
      assertThat(c.unknownUsers()).isEqualTo(Catalog.UnknownUsers.FEATURES);
      assertThat(c.retriever().kind()).isEqualTo(scorer.equals("dot") ? "exact" : "model");
      try (RecommendServer s =
          new RecommendServer(c, ServeLimits.defaults()).start("127.0.0.1", 0)) {
        int u = 5;
        String user = c.users().rawId(u);
        assertThat(c.seenCount(u)).isPositive();
        JsonNode known =
            recommend(s, "{\"user\": \"" + user + "\", \"k\": 10, \"candidates\": 10}");
        assertThat(items(known))
            .as(scorer)
            .isEqualTo(bruteForce(b, c, c.userVector(u), u, 10, scorer.equals("dot")));

        // a new user: the request's features, embedded as LinkEmbedder embeds a new node
        Map<String, String> features = Map.of("age", "37", "region", "r3");
        float[] mine = new IsolatedUserEmbedder(b).embed(features);
        var schema = b.graph().userFeatures().schema();
        String[] row = new String[schema.features().size()];
        for (int j = 0; j < row.length; j++) {
          row[j] = features.get(schema.features().get(j).name());
        }
        NodeTable table = new NodeTable(schema, Map.of("newcomer", row), "request");
        LinkEmbedder grown =
            LinkEmbedder.of(b, table, null, List.of(), List.of(), LinkEmbedder.Links.none());
        float[] whole = grown.embeddings(Parallel.serial())[0];
        int at = grown.users().indexOf("newcomer");
        for (int t = 0; t < mine.length; t++) {
          assertThat(mine[t]).isCloseTo(whole[at * mine.length + t], within(1e-5f));
        }
        JsonNode fresh =
            recommend(
                s,
                "{\"user\": \"newcomer\", \"k\": 10, \"candidates\": 10,"
                    + " \"features\": {\"age\": 37, \"region\": \"r3\"}}");
        assertThat(fresh.path("policy").asText()).isEqualTo("features");
        assertThat(items(fresh)).isEqualTo(bruteForce(b, c, mine, -1, 10, scorer.equals("dot")));
        JsonNode other =
            recommend(s, "{\"user\": \"newcomer\", \"k\": 10, \"features\": {\"age\": 19}}");
        assertThat(items(other)).isNotEqualTo(items(fresh));
        JsonNode bad = recommend(s, "{\"user\": \"newcomer\", \"features\": {\"shoe\": 9}}");
        assertThat(bad.path("field").asText()).isEqualTo("features");
        assertThat(bad.path("error").asText()).contains("'shoe' is not a user feature");
      }
      Catalog pop = new ServeSources(bundle, null, null, null, null, "popularity", -1, 0).load();
      assertThat(pop.unknownUsers()).isEqualTo(Catalog.UnknownUsers.POPULARITY);
    }
  }

  @Test
  void aRankerJoiningGraphSageEmbeddingsEmbedsANewUserFromTheRequestsFeatures() throws Exception {
    trained("dot"); // writes the impression log
    Path data = dir.resolve("log");
    Path early = dir.resolve("gs-early");
    Path emb = dir.resolve("emb");
    Path dcn = dir.resolve("dcn");
    for (String[] args :
        List.of(
            new String[] {
              "train",
              "--model",
              "graphsage",
              "--data",
              data.toString(),
              "--dim",
              "8",
              "--test-ratio",
              "0.5",
              "--epochs",
              "2",
              "--eval-every",
              "0",
              "--out",
              early.toString()
            },
            new String[] {
              "export-embeddings", "--model", early.toString(), "--out", emb.toString()
            },
            new String[] {
              "train",
              "--model",
              "dcnv2",
              "--data",
              data.toString(),
              "--holdout",
              "0.2",
              "--dim",
              "4",
              "--epochs",
              "1",
              "--node-embeddings",
              emb.toString(),
              "--out",
              dcn.toString()
            })) {
      assertThat(Main.run(args)).as(stderr()).isZero();
    }
    Catalog c = ServeSources.of(dir.resolve("gs-dot"), dcn).load();
    var ranker = c.ranker();
    assertThat(ranker.embedsNewUsers()).isTrue();
    ModelBundle dcnBundle = ModelBundle.load(dcn, Parallel.serial());
    var tr = dcnBundle.transforms();
    int userCol = tr.schema().names(org.recsys4j.data.ctr.ColumnRole.CATEGORICAL).indexOf("user");
    int from = tr.joinedBlocks().stream().filter(b -> b[2] == userCol).findFirst().orElseThrow()[0];
    ModelBundle earlyBundle = ModelBundle.load(early, Parallel.serial());
    int d = 8;

    Map<String, String> features = Map.of("age", "52", "region", "r1");
    float[] dense =
        ranker.requestDense(new org.recsys4j.serve.Ranker.Request("stranger", features, Map.of()));
    float[] expected = new IsolatedUserEmbedder(earlyBundle).embed(features);
    assertThat(java.util.Arrays.copyOfRange(dense, from, from + d)).containsExactly(expected);

    // a user the export knows keeps its exported vector, whatever the request says
    LinkEmbedder e = LinkEmbedder.of(earlyBundle);
    float[] users = e.embeddings(Parallel.serial())[0];
    int u = 3;
    String known = e.users().rawId(u);
    float[] kd =
        ranker.requestDense(new org.recsys4j.serve.Ranker.Request(known, features, Map.of()));
    for (int t = 0; t < d; t++) {
      assertThat(kd[from + t]).isCloseTo(users[u * d + t], within(1e-6f));
    }
  }
}
