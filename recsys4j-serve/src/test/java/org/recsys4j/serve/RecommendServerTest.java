package org.recsys4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
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
 * The server on an ephemeral port, asked over real HTTP: answers equal a brute-force ranking of the
 * bundle's own embeddings (seen and excluded items left out), unknown users get popularity, bad
 * requests get a 400 naming the field, and health, readiness and metrics answer.
 */
class RecommendServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  static Dataset data;
  static DotProductRecommender emb;
  static RecommendServer server;
  static HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    data = new SyntheticInteractions(300, 200, 6, 20, 0.8, 0.8, 5L).generate();
    RankingModel m =
        (RankingModel)
            Models.create("mf", new MfConfig(16, 0f, 0.1f), ModelInputs.of(data.train()), 9);
    m.prepareForScoring(Parallel.serial());
    emb = m.embeddings();
    server =
        new RecommendServer(Catalog.load(bundle("mf", m)), ServeLimits.defaults())
            .start("127.0.0.1", 0);
  }

  static Path bundle(String name, RankingModel m) {
    Path b = dir.resolve(name);
    ModelBundle.save(
        b,
        m,
        BundleSections.ranking(data.users(), data.items(), data.train()),
        new ModelBundle.Provenance(
            data.name(),
            data.fingerprint(),
            Map.of(),
            9L,
            1,
            Map.of(),
            Map.of(),
            "last-epoch",
            null));
    return b;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return post(server, path, body, null);
  }

  static HttpResponse<String> post(RecommendServer s, String path, String body, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return get(server, path);
  }

  static HttpResponse<String> get(RecommendServer s, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The top k items of user u by brute force: every item scored, seen and excluded left out. */
  private static List<String> bruteForce(int u, int k, List<Integer> exclude) {
    int d = emb.dim();
    List<Integer> all = new ArrayList<>();
    int[] ptr = data.train().userPtr();
    int[] seen = Arrays.copyOfRange(data.train().items(), ptr[u], ptr[u + 1]);
    for (int i = 0; i < emb.numItems(); i++) {
      final int item = i;
      if (Arrays.stream(seen).noneMatch(s -> s == item) && !exclude.contains(i)) {
        all.add(i);
      }
    }
    float[] s = new float[emb.numItems()];
    for (int i = 0; i < s.length; i++) {
      double acc = 0;
      for (int j = 0; j < d; j++) {
        acc += emb.userEmbeddings()[u * d + j] * emb.itemEmbeddings()[i * d + j];
      }
      s[i] = (float) acc;
    }
    all.sort(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i));
    return all.subList(0, k).stream().map(i -> data.items().rawId(i)).toList();
  }

  @Test
  void answersEqualABruteForceRankingWithoutSeenAndExcludedItems() throws Exception {
    for (int u : new int[] {0, 17, 123}) {
      String user = data.users().rawId(u);
      List<String> expected = bruteForce(u, 10, List.of());
      // exclude the two best and one id the catalogue does not know
      String body =
          JSON.writeValueAsString(
              Map.of(
                  "user",
                  user,
                  "k",
                  10,
                  "exclude",
                  List.of(expected.get(0), expected.get(1), "no-such-item"),
                  "explain",
                  true));
      HttpResponse<String> r = post("/v1/recommend", body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode o = JSON.readTree(r.body());
      List<String> got = new ArrayList<>();
      o.path("items").forEach(n -> got.add(n.path("item").asText()));
      List<Integer> ex =
          List.of(data.items().indexOf(expected.get(0)), data.items().indexOf(expected.get(1)));
      assertThat(got).as("user " + user).isEqualTo(bruteForce(u, 10, ex));
      assertThat(o.path("policy").asText()).isEqualTo("model");
      assertThat(o.path("unknown_excluded").asInt()).isEqualTo(1);
      assertThat(o.path("models").path("retrieval").asText()).startsWith("mf@");
      assertThat(o.path("stages").size()).isEqualTo(3);
      assertThat(o.path("stages").get(2).path("candidates").asInt()).isEqualTo(10);
    }
  }

  @Test
  void anUnknownUserGetsTheMostPopularItems() throws Exception {
    HttpResponse<String> r = post("/v1/recommend", "{\"user\": \"nobody\", \"k\": 5}");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode o = JSON.readTree(r.body());
    assertThat(o.path("policy").asText()).isEqualTo("popularity");
    int[] deg = data.train().itemDegrees();
    List<String> got = new ArrayList<>();
    o.path("items").forEach(n -> got.add(n.path("item").asText()));
    assertThat(got).hasSize(5);
    for (int j = 1; j < got.size(); j++) {
      assertThat(deg[data.items().indexOf(got.get(j - 1))])
          .isGreaterThanOrEqualTo(deg[data.items().indexOf(got.get(j))]);
    }
    int max = Arrays.stream(deg).max().orElseThrow();
    assertThat(deg[data.items().indexOf(got.get(0))]).isEqualTo(max);
  }

  @Test
  void badRequestsGetA400NamingTheField() throws Exception {
    String[][] cases = {
      {"{\"k\": 5}", "user", "user: expected a non-empty string"},
      {"{\"user\": \"1\", \"k\": 0}", "k", "k: expected 1 to 1000, got 0"},
      {"{\"user\": \"1\", \"k\": \"ten\"}", "k", "k: expected an integer"},
      {"{\"user\": \"1\", \"kk\": 3}", "kk", "kk: unknown field"},
      {"{\"user\": \"1\", \"exclude\": [1, 2]}", "exclude", "exclude: expected strings"},
      {"{\"user\": \"1\", \"context\": 3}", "context", "context: expected an object"},
      {"[1, 2]", "body", "body: expected a JSON object"},
      {"{\"user\": ", "body", "body: not valid JSON"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = post("/v1/recommend", c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      JsonNode o = JSON.readTree(r.body());
      assertThat(o.path("field").asText()).as(c[0]).isEqualTo(c[1]);
      assertThat(o.path("error").asText()).as(c[0]).contains(c[2]);
    }
    String huge = "{\"user\": \"" + "x".repeat(100_000) + "\"}";
    assertThat(post("/v1/recommend", huge).statusCode()).isEqualTo(413);
  }

  @Test
  void healthReadinessAndMetricsAnswer() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(ready.body()).path("models").path("retrieval").asText())
        .isEqualTo(server.catalog().version());
    post("/v1/recommend", "{\"user\": \"" + data.users().rawId(1) + "\"}");
    HttpResponse<String> m = get("/metrics");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.body())
        .contains("recsys4j_request_seconds")
        .contains("endpoint=\"recommend\"")
        .contains("recsys4j_stage_seconds")
        .contains("recsys4j_in_flight_requests")
        .contains("recsys4j_queued_requests")
        .contains("recsys4j_rejected_requests")
        .contains("jvm_memory_used_bytes{area=\"heap\"")
        .containsPattern("recsys4j_loaded_model\\{stage=\"retrieval\",version=\"mf@[^\"]+\"\\} 1");
  }

  @Test
  void aRequestWaitsInLineForAWorkerAndOneThatWaitedTooLongGets503() throws Exception {
    ServeLimits limits = ServeLimits.defaults().withWorkers(1, 300);
    try (RecommendServer s = new RecommendServer(server.catalog(), limits).start("127.0.0.1", 0)) {
      java.util.concurrent.Semaphore workers = s.workerPermits();
      workers.acquire();
      String body = "{\"user\": \"" + data.users().rawId(2) + "\"}";
      try {
        // no worker frees up within 300 ms: 503, and it waited about that long, not forever
        long t0 = System.nanoTime();
        HttpResponse<String> r = post(s, "/v1/recommend", body, null);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(r.body()).path("error").asText())
            .contains("no worker free within 300 ms");
        assertThat((System.nanoTime() - t0) / 1e6).isGreaterThanOrEqualTo(300);
        // a worker frees up while it waits: answered
        var waiting =
            java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return post(s, "/v1/recommend", body, null).statusCode();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        Thread.sleep(100);
        workers.release();
        assertThat(waiting.get()).isEqualTo(200);
      } finally {
        workers.release(Math.max(0, 1 - workers.availablePermits()));
      }
    }
  }

  @Test
  void stoppingDrainsTheRequestsInsideAndTurnsNewOnesAway() throws Exception {
    ServeLimits limits = ServeLimits.defaults().withWorkers(1, 5000);
    RecommendServer s = new RecommendServer(server.catalog(), limits).start("127.0.0.1", 0);
    int port = s.port();
    java.util.concurrent.Semaphore workers = s.workerPermits();
    workers.acquire(); // the request below waits inside the server until this is released
    String body = "{\"user\": \"" + data.users().rawId(2) + "\"}";
    var inside =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return post(s, "/v1/recommend", body, null).statusCode();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    while (s.inFlightPermits().availablePermits() == limits.maxInFlight()) {
      Thread.sleep(5);
    }
    var stopping =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> s.stop(java.time.Duration.ofSeconds(10)));
    Thread.sleep(200);
    // while draining: not ready, and a new request is turned away at once
    assertThat(get(s, "/readyz").statusCode()).isEqualTo(503);
    HttpResponse<String> late = post(s, "/v1/recommend", body, null);
    assertThat(late.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(late.body()).path("error").asText()).contains("shutting down");
    assertThat(stopping.isDone()).isFalse();
    workers.release();
    assertThat(inside.get()).isEqualTo(200); // the request inside was answered
    assertThat(stopping.get()).isTrue();
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class); // the listener is closed
  }

  @Test
  void pastTheInFlightLimitTheAnswerIs503WithRetryAfterAtOnce() throws Exception {
    java.util.concurrent.Semaphore permits = server.inFlightPermits();
    int held = permits.drainPermits();
    try {
      HttpResponse<String> r =
          post("/v1/recommend", "{\"user\": \"" + data.users().rawId(2) + "\"}");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(JSON.readTree(r.body()).path("error").asText()).contains("overloaded");
    } finally {
      permits.release(held);
    }
    assertThat(post("/v1/recommend", "{\"user\": \"" + data.users().rawId(2) + "\"}").statusCode())
        .isEqualTo(200);
    assertThat(get("/metrics").body()).containsPattern("recsys4j_rejected_requests_total [1-9]");
  }

  @Test
  void similarItemsAreTheNearestByInnerProductWithoutTheItemItself() throws Exception {
    int item = 7;
    int d = emb.dim();
    float[] s = new float[emb.numItems()];
    for (int i = 0; i < s.length; i++) {
      double acc = 0;
      for (int j = 0; j < d; j++) {
        acc += emb.itemEmbeddings()[item * d + j] * emb.itemEmbeddings()[i * d + j];
      }
      s[i] = (float) acc;
    }
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      if (i != item) {
        all.add(i);
      }
    }
    all.sort(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i));
    HttpResponse<String> r = get("/v1/items/" + data.items().rawId(item) + "/similar?k=5");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> got = new ArrayList<>();
    JSON.readTree(r.body()).path("items").forEach(n -> got.add(n.path("item").asText()));
    assertThat(got).isEqualTo(all.subList(0, 5).stream().map(i -> data.items().rawId(i)).toList());
    assertThat(get("/v1/items/no-such/similar").statusCode()).isEqualTo(404);
    assertThat(get("/v1/items/" + data.items().rawId(item) + "/similar?k=x").statusCode())
        .isEqualTo(400);
  }

  @Test
  void theOpenApiDocumentDescribesEveryEndpoint() throws Exception {
    JsonNode doc = JSON.readTree(get("/openapi.json").body());
    assertThat(doc.path("openapi").asText()).startsWith("3.");
    for (String p :
        List.of(
            "/v1/recommend",
            "/v1/score",
            "/v1/items/{id}/similar",
            "/healthz",
            "/readyz",
            "/metrics",
            "/openapi.json",
            "/admin/reload")) {
      assertThat(doc.path("paths").has(p)).as(p).isTrue();
    }
    // without a configured token the admin endpoints do not exist
    assertThat(post("/admin/reload", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void aReloadSwapsModelsAtomicallyNeedsTheTokenAndAFailedOneKeepsTheOldServing() throws Exception {
    RankingModel other =
        (RankingModel)
            Models.create("mf", new MfConfig(16, 0f, 0.1f), ModelInputs.of(data.train()), 10);
    other.prepareForScoring(Parallel.serial());
    Path first = dir.resolve("mf");
    Path second = bundle("mf-other", other);
    Catalog a = Catalog.load(first);
    Catalog b = Catalog.load(second);
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean fail =
        new java.util.concurrent.atomic.AtomicBoolean();
    String token = "0123456789abcdef-token";
    try (RecommendServer s =
        new RecommendServer(
                a,
                ServeLimits.defaults(),
                () -> {
                  if (fail.get()) {
                    throw new IllegalArgumentException("no bundle at the configured path");
                  }
                  return calls.incrementAndGet() % 2 == 1 ? b : a;
                },
                token)
            .start("127.0.0.1", 0)) {
      assertThat(post(s, "/admin/reload", "{}", null).statusCode()).isEqualTo(401);
      assertThat(post(s, "/admin/reload", "{}", "wrong-token-wrong-token").statusCode())
          .isEqualTo(401);
      // requests keep flowing while the models are swapped 20 times: none fails, each answer
      // comes whole from one version
      String body = "{\"user\": \"" + data.users().rawId(5) + "\", \"k\": 10}";
      List<String> expectedA = answer(post(s, "/v1/recommend", body, null).body());
      java.util.concurrent.ExecutorService clients =
          java.util.concurrent.Executors.newFixedThreadPool(2);
      java.util.concurrent.atomic.AtomicBoolean stop =
          new java.util.concurrent.atomic.AtomicBoolean();
      List<java.util.concurrent.Future<int[]>> fs = new ArrayList<>();
      java.util.Map<String, List<String>> byVersion =
          new java.util.concurrent.ConcurrentHashMap<>();
      for (int c = 0; c < 2; c++) {
        fs.add(
            clients.submit(
                () -> {
                  int ok = 0;
                  int bad = 0;
                  for (int n = 0; n < 2000 && !stop.get(); n++) {
                    HttpResponse<String> r = post(s, "/v1/recommend", body, null);
                    if (r.statusCode() != 200) {
                      bad++;
                      continue;
                    }
                    JsonNode o = JSON.readTree(r.body());
                    List<String> items = answer(r.body());
                    List<String> prev =
                        byVersion.putIfAbsent(o.path("models").path("retrieval").asText(), items);
                    if (prev != null && !prev.equals(items)) {
                      bad++;
                    } else {
                      ok++;
                    }
                  }
                  return new int[] {ok, bad};
                }));
      }
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> r = post(s, "/admin/reload", "{}", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Thread.sleep(5);
      }
      stop.set(true);
      int ok = 0;
      for (var f : fs) {
        int[] res = f.get();
        assertThat(res[1]).as("failed or mixed answers").isZero();
        ok += res[0];
      }
      clients.shutdown();
      assertThat(ok).isPositive();
      assertThat(byVersion.get(a.version())).isEqualTo(expectedA);
      // 20 swaps end on the first catalog; a failing reload keeps it serving
      assertThat(s.catalog()).isSameAs(a);
      fail.set(true);
      HttpResponse<String> failed = post(s, "/admin/reload", "{}", token);
      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(failed.body())
          .contains("still serving")
          .contains("no bundle at the configured path");
      assertThat(s.catalog()).isSameAs(a);
      assertThat(post(s, "/v1/recommend", body, null).statusCode()).isEqualTo(200);
      assertThat(get(s, "/metrics").body())
          .containsPattern("recsys4j_reloads_total 20")
          .containsPattern("recsys4j_failed_reloads_total 1");
    }
  }

  private static List<String> answer(String body) throws Exception {
    List<String> items = new ArrayList<>();
    JSON.readTree(body).path("items").forEach(n -> items.add(n.path("item").asText()));
    return items;
  }
}
