package org.recsys4j.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Rng;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.Interactions;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.Models;
import org.recsys4j.models.RankingModel;
import org.recsys4j.models.mf.MfConfig;
import org.recsys4j.serve.Catalog;
import org.recsys4j.serve.RecommendPipeline;
import org.recsys4j.serve.RecommendRequest;
import org.recsys4j.serve.RecommendServer;
import org.recsys4j.serve.ServeLimits;
import org.recsys4j.serve.ServeSources;
import org.recsys4j.train.BundleSections;
import org.recsys4j.train.ModelBundle;

/**
 * Load test of {@code recsys4j serve} on loopback, server and client in one JVM (the 2 cores are
 * shared, as the issue asks): open loop at a fixed arrival rate, each request's latency measured
 * from the time it was due to be sent, not from when the client managed to send it (so a stalled
 * server is charged for every request it delayed: coordinated omission corrected), recorded with
 * HdrHistogram. Before the HTTP run the same requests go through {@link RecommendPipeline} in
 * process, which measures the HTTP and JSON overhead against the pipeline itself. Options: {@code
 * --retrieval B [--ranker R]} (bundles) or {@code --items N --dim D --users U} (a generated
 * retrieval bundle and, unless {@code --ranker none}, a generated DCN-v2 ranker shaped like {@code
 * examples/ml100k-dcnv2.yaml}: {@link GeneratedRanker}), {@code --candidates C --k K --rate R
 * --duration S --warmup S --reloads N --max-in-flight M --connections N}.
 */
public final class ServeLoadBench implements Workload {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "serve-load";
  }

  @Override
  public String description() {
    return "open-loop load on the HTTP server: --retrieval B [--ranker R] | --items N --dim D"
        + " [--ranker none] [--out DIR: only write them] | --url http://host:port --users U"
        + " [--recovery S], --candidates C --k K --rate R --duration S [--reloads N]"
        + " [--workers W --queue-ms Q --max-in-flight M --connections N]";
  }

  @Override
  public void run(Map<String, String> options, PrintStream out) throws Exception {
    Options o = new Options(options);
    int candidates = o.integer("candidates", 500);
    int k = o.integer("k", 20);
    double rate = o.real("rate", 500);
    int duration = o.integer("duration", 30);
    int warmup = o.integer("warmup", 5);
    int reloads = o.integer("reloads", 0);
    int maxInFlight = o.integer("max-in-flight", 64);
    int connections = o.integer("connections", 64);
    if (options.containsKey("url")) {
      external(o, out, candidates, k, rate, duration, warmup, connections);
      return;
    }
    Path bundle;
    Path ranker = null;
    if (options.containsKey("retrieval")) {
      bundle = Path.of(o.str("retrieval", ""));
      if (options.containsKey("ranker") && !o.str("ranker", "").equals("none")) {
        ranker = Path.of(o.str("ranker", ""));
      }
    } else {
      int items = o.integer("items", 40_981);
      int users = o.integer("users", 10_000);
      Path dir =
          options.containsKey("out")
              ? Path.of(o.str("out", ""))
              : Files.createTempDirectory("serve-load");
      bundle = generated(dir, items, o.integer("dim", 64), users);
      if (!o.str("ranker", "").equals("none")) {
        ranker = GeneratedRanker.write(dir, IdMap.identity(users), IdMap.identity(items));
      }
      if (options.containsKey("out")) {
        out.println(
            new JsonLine("serve_load_bundles")
                .put("retrieval", bundle.toString())
                .put("ranker", ranker == null ? "none" : ranker.toString())
                .put("users", users)
                .put("items", items));
        return;
      }
    }
    ServeSources sources =
        new ServeSources(
            bundle,
            null,
            null,
            ranker,
            null,
            "auto",
            o.integer("hnsw-above", ServeSources.HNSW_ABOVE),
            o.integer("ef", ServeSources.HNSW_EF));
    Catalog catalog = sources.load();
    ServeLimits limits =
        ServeLimits.defaults()
            .with(maxInFlight, ServeLimits.defaults().maxK(), candidates)
            .withWorkers(
                o.integer("workers", ServeLimits.defaults().workers()),
                o.integer("queue-ms", (int) ServeLimits.defaults().queueMillis()));
    String token = "serve-load-bench-admin-token";
    Rng rng = new Rng(7);
    int users = catalog.users().size();
    String[] bodies = new String[4096];
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] =
          JSON.writeValueAsString(
              Map.of(
                  "user", catalog.users().rawId(rng.nextInt(users)),
                  "k", k,
                  "candidates", candidates));
    }
    double[] inProcess = inProcess(catalog, bodies, limits);
    try (RecommendServer server =
        new RecommendServer(catalog, limits, sources::load, token).start("127.0.0.1", 0)) {
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/recommend");
      HttpClient client = client();
      Result warm = drive(client, uri, bodies, rate, warmup, 0, connections, token);
      long heapBefore = usedHeap();
      Result r = drive(client, uri, bodies, rate, duration, reloads, connections, token);
      out.println(
          line("run", r, duration, candidates, k, connections)
              .put("items", catalog.items().size())
              .put("users", users)
              .put("dim", catalog.index().dim())
              .put("ranker", catalog.ranker() == null ? "none" : catalog.ranker().version())
              .put("max_in_flight", maxInFlight)
              .put("workers", limits.workers())
              .put("queue_ms", limits.queueMillis())
              .put("warmup_errors", warm.errors)
              .put("heap_before_mb", heapBefore / 1048576)
              .put("heap_max_mb", r.heapMax / 1048576)
              .put("server_handler_mean_ms", handlerMeanMillis(server))
              .put("inprocess_p50_ms", inProcess[0])
              .put("inprocess_p99_ms", inProcess[1])
              .put(
                  "inprocess_stage_us",
                  Arrays.toString(Arrays.copyOfRange(inProcess, 2, inProcess.length)))
              .put("threads_available", Runtime.getRuntime().availableProcessors()));
    }
  }

  /** The outcome of one timed run. */
  private record Result(
      Histogram latency,
      Histogram rejectedLatency,
      Histogram serviceLatency,
      long sent,
      long ok,
      long errors,
      long rejected,
      long reloads,
      long heapMax) {}

  /**
   * Sends {@code rate} requests per second for {@code seconds} over at most {@code connections}
   * connections (as wrk does: a request waits for a free one), each request timed from when it was
   * due, whatever the answers before it did; {@code reloads} admin reloads spread over the run.
   */
  private static Result drive(
      HttpClient client,
      URI uri,
      String[] bodies,
      double rate,
      int seconds,
      int reloads,
      int connections,
      String token)
      throws Exception {
    LeanHttpClient lean = new LeanHttpClient(uri, connections);
    byte[][] payload = new byte[bodies.length][];
    for (int b = 0; b < bodies.length; b++) {
      payload[b] = lean.request(bodies[b].getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Histogram h = new ConcurrentHistogram(60_000_000L, 3); // microseconds, up to a minute
    Histogram rej = new ConcurrentHistogram(60_000_000L, 3); // how fast a 503 comes back
    // accepted requests from when they went out on a connection: what the server and the network
    // took, without the client's own wait for a free connection
    Histogram service = new ConcurrentHistogram(60_000_000L, 3);
    AtomicLong ok = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicInteger outstanding = new AtomicInteger();
    long total = (long) (rate * seconds);
    long start = System.nanoTime();
    long interval = (long) (1e9 / rate);
    long heapMax = 0;
    long reloadEvery = reloads > 0 ? total / (reloads + 1) : Long.MAX_VALUE;
    long reloadsDone = 0;
    long sent = 0;
    for (long i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      if (System.nanoTime()
          > start + TimeUnit.SECONDS.toNanos(seconds) + TimeUnit.SECONDS.toNanos(30)) {
        break; // far behind the schedule: stop rather than run on for minutes
      }
      if (i > 0 && i % reloadEvery == 0 && reloadsDone < reloads) {
        reloadsDone++;
        client
            .sendAsync(
                HttpRequest.newBuilder(uri.resolve("/admin/reload"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .thenAccept(
                resp -> {
                  if (resp.statusCode() != 200) {
                    errors.incrementAndGet();
                  }
                });
      }
      outstanding.incrementAndGet();
      sent++;
      // a request waits in the client's queue while every connection is busy; its clock started
      // when it was due
      lean.send(
          payload[(int) (i % payload.length)],
          due,
          (status, body, dueAt, sentAt) -> {
            outstanding.decrementAndGet();
            long now = System.nanoTime();
            long micros = Math.max(1, (now - dueAt) / 1000);
            if (status == 503) {
              rejected.incrementAndGet();
              rej.recordValue(Math.min(micros, 60_000_000L));
            } else if (status != 200 || !body.contains("\"items\"")) {
              errors.incrementAndGet();
            } else {
              ok.incrementAndGet();
              h.recordValue(Math.min(micros, 60_000_000L));
              service.recordValue(Math.min(Math.max(1, (now - sentAt) / 1000), 60_000_000L));
            }
          });
      if ((i & 255) == 0) {
        heapMax = Math.max(heapMax, usedHeap());
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (outstanding.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    lean.close();
    errors.addAndGet(outstanding.get()); // never answered
    errors.addAndGet(total - sent); // never sent: the run was stopped far behind its schedule
    return new Result(
        h, rej, service, total, ok.get(), errors.get(), rejected.get(), reloadsDone, heapMax);
  }

  /**
   * Drives a server in another process ({@code --url http://host:port}), so the load client's
   * backlog and garbage are not the server's: raw user ids {@code 0 .. --users-1} (the generated
   * bundles' ids), the timed run, then {@code --recovery S} seconds at {@code --recovery-rate} (one
   * more JSON line: does the server answer at once after the overload?). The server's heap is read
   * from its {@code /metrics} every second.
   */
  private static void external(
      Options o,
      PrintStream out,
      int candidates,
      int k,
      double rate,
      int duration,
      int warmup,
      int connections)
      throws Exception {
    URI base = URI.create(o.str("url", ""));
    URI uri = base.resolve("/v1/recommend");
    int users = o.integer("users", 10_000);
    Rng rng = new Rng(7);
    String[] bodies = new String[4096];
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] =
          JSON.writeValueAsString(
              Map.of(
                  "user", Integer.toString(rng.nextInt(users)), "k", k, "candidates", candidates));
    }
    HttpClient client = client();
    HeapWatch heap = new HeapWatch(client, base.resolve("/metrics"));
    try {
      drive(client, uri, bodies, o.real("warmup-rate", 200), warmup, 0, connections, null);
      heap.reset();
      java.util.TreeMap<Double, Double> before = handlerBuckets(client, base);
      Result r = drive(client, uri, bodies, rate, duration, 0, connections, null);
      out.println(
          line("run", r, duration, candidates, k, connections)
              .put("heap_max_mb", heap.maxMb())
              .put("server_accepted_p99_ms", bucketP99(before, handlerBuckets(client, base))));
      int recovery = o.integer("recovery", 0);
      if (recovery > 0) {
        heap.reset();
        double rr = o.real("recovery-rate", (float) (rate / 10));
        Result after = drive(client, uri, bodies, rr, recovery, 0, connections, null);
        out.println(
            line("recovery", after, recovery, candidates, k, connections)
                .put("heap_max_mb", heap.maxMb()));
      }
    } finally {
      heap.close();
    }
  }

  /**
   * The server's own histogram of answered recommend requests (cumulative counts by upper bound in
   * seconds), from its Prometheus metrics.
   */
  private static java.util.TreeMap<Double, Double> handlerBuckets(HttpClient client, URI base)
      throws Exception {
    String body =
        client
            .send(
                HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    java.util.TreeMap<Double, Double> out = new java.util.TreeMap<>();
    String prefix = "recsys4j_request_seconds_bucket{endpoint=\"recommend\",status=\"200\",le=\"";
    for (String l : body.split("\n")) {
      if (l.startsWith(prefix)) {
        String le = l.substring(prefix.length(), l.indexOf('"', prefix.length()));
        double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
        out.put(bound, Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)));
      }
    }
    return out;
  }

  /**
   * The 99th percentile (milliseconds, the upper bound of its histogram bucket) of the requests the
   * server answered between two readings of its histogram: its own time per accepted request.
   */
  private static double bucketP99(
      java.util.TreeMap<Double, Double> before, java.util.TreeMap<Double, Double> after) {
    double total = after.lastEntry().getValue() - before.getOrDefault(after.lastKey(), 0.0);
    for (var e : after.entrySet()) {
      double n = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
      if (n >= 0.99 * total) {
        return e.getKey() * 1000;
      }
    }
    return Double.NaN;
  }

  private static JsonLine line(
      String phase, Result r, int seconds, int candidates, int k, int connections) {
    Histogram h = r.latency;
    return new JsonLine("serve_load")
        .put("phase", phase)
        .put("candidates", candidates)
        .put("k", k)
        .put("connections", connections)
        .put("seconds", seconds)
        .put("offered_rps", r.sent / (double) seconds)
        .put("achieved_rps", r.ok / (double) seconds)
        .put("p50_ms", h.getValueAtPercentile(50) / 1000.0)
        .put("p99_ms", h.getValueAtPercentile(99) / 1000.0)
        .put("p999_ms", h.getValueAtPercentile(99.9) / 1000.0)
        .put("max_ms", h.getMaxValue() / 1000.0)
        .put("ok", r.ok)
        .put("errors", r.errors)
        .put("rejected", r.rejected)
        .put("reloads", r.reloads)
        .put("rejected_p99_ms", r.rejectedLatency.getValueAtPercentile(99) / 1000.0)
        .put("accepted_sent_p50_ms", r.serviceLatency.getValueAtPercentile(50) / 1000.0)
        .put("accepted_sent_p99_ms", r.serviceLatency.getValueAtPercentile(99) / 1000.0);
  }

  /** The load client: two daemon threads (the JVM exits when the run is done). */
  private static HttpClient client() {
    return HttpClient.newBuilder()
        .executor(
            Executors.newFixedThreadPool(
                2,
                r -> {
                  Thread t = new Thread(r, "serve-load-client");
                  t.setDaemon(true);
                  return t;
                }))
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  /** Reads a server's heap from its Prometheus metrics once a second, keeping the largest. */
  private static final class HeapWatch implements AutoCloseable {
    private final java.util.concurrent.ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "heap-watch");
              t.setDaemon(true);
              return t;
            });
    private final java.util.concurrent.atomic.AtomicLong max =
        new java.util.concurrent.atomic.AtomicLong();

    HeapWatch(HttpClient client, URI metrics) {
      timer.scheduleAtFixedRate(
          () -> {
            try {
              String body =
                  client
                      .send(
                          HttpRequest.newBuilder(metrics).build(),
                          HttpResponse.BodyHandlers.ofString())
                      .body();
              double used = 0;
              for (String l : body.split("\n")) {
                if (l.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
                  used += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
                }
              }
              long u = (long) used;
              max.accumulateAndGet(u, Math::max);
            } catch (Exception e) {
              // an overloaded server may not answer a scrape: that second is skipped
            }
          },
          0,
          1,
          TimeUnit.SECONDS);
    }

    void reset() {
      max.set(0);
    }

    long maxMb() {
      return max.get() / 1048576;
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  /**
   * Median and 99th percentile, in milliseconds, of the pipeline called directly, then the median
   * microseconds of each stage (retrieval, filtering, [scoring,] ordering).
   */
  private static double[] inProcess(Catalog c, String[] bodies, ServeLimits limits)
      throws Exception {
    int n = Math.min(bodies.length, 3000);
    for (int i = 0; i < n; i++) { // warm up the JIT on the same path
      RecommendPipeline.recommend(c, RecommendRequest.parse(JSON.readTree(bodies[i]), limits));
    }
    long[] t = new long[n];
    long[][] stage = new long[4][n];
    int stages = 0;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      RecommendPipeline.Result r =
          RecommendPipeline.recommend(c, RecommendRequest.parse(JSON.readTree(bodies[i]), limits));
      t[i] = System.nanoTime() - t0;
      stages = r.stages().size();
      for (int s = 0; s < stages; s++) {
        stage[s][i] = r.stages().get(s).micros();
      }
    }
    Arrays.sort(t);
    double[] out = new double[2 + stages];
    out[0] = t[n / 2] / 1e6;
    out[1] = t[(int) (n * 0.99)] / 1e6;
    for (int s = 0; s < stages; s++) {
      Arrays.sort(stage[s]);
      out[2 + s] = stage[s][n / 2];
    }
    return out;
  }

  /**
   * The mean time the server spent in its recommend handler (parse, pipeline, JSON), warm-up
   * included.
   */
  private static double handlerMeanMillis(RecommendServer server) {
    var t =
        server
            .metrics()
            .find("recsys4j_request_seconds")
            .tag("endpoint", "recommend")
            .tag("status", "200")
            .timer();
    return t == null ? Double.NaN : t.mean(TimeUnit.MILLISECONDS);
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * A retrieval bundle of {@code items} items and {@code users} users with random embeddings of
   * {@code dim} (an untrained MF model: latency does not depend on what the vectors learned) and 20
   * random training items per user, written to a temporary directory.
   */
  private static Path generated(Path dir, int items, int dim, int users) throws Exception {
    Rng rng = new Rng(11);
    int per = 20;
    int[] u = new int[users * per];
    int[] it = new int[users * per];
    for (int user = 0; user < users; user++) {
      java.util.Set<Integer> picked = new java.util.HashSet<>();
      while (picked.size() < Math.min(per, items)) {
        picked.add(rng.nextInt(items));
      }
      int j = user * per;
      for (int item : picked) {
        u[j] = user;
        it[j++] = item;
      }
    }
    Interactions train = Interactions.fromPairs(users, items, u, it, u.length);
    RankingModel m =
        (RankingModel) Models.create("mf", new MfConfig(dim, 0f, 0.1f), ModelInputs.of(train), 5);
    m.prepareForScoring(Parallel.serial());
    Path b = dir.resolve("bundle");
    ModelBundle.save(
        b,
        m,
        BundleSections.ranking(IdMap.identity(users), IdMap.identity(items), train),
        new ModelBundle.Provenance(
            "generated",
            "serve-load-" + items + "x" + dim,
            Map.of(),
            5L,
            1,
            Map.of(),
            Map.of(),
            "last-epoch",
            null));
    return b;
  }
}
