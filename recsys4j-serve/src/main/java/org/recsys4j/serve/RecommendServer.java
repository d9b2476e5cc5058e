package org.recsys4j.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The recommender over HTTP (Javalin on Jetty): {@code POST /v1/recommend}, {@code GET /healthz},
 * {@code GET /readyz} and {@code GET /metrics} (Prometheus). At most {@link ServeLimits#workers()}
 * requests are computed at once, in arrival order; at most {@link ServeLimits#maxInFlight()} are
 * inside the server, and one past that, or one that waited {@link ServeLimits#queueMillis()} for a
 * worker, gets 503 with {@code Retry-After} at once, so overload is shed, never queued without
 * bound. The loaded models are one immutable {@link Catalog} behind an atomic reference: a request
 * reads it once, so it never mixes versions.
 */
public final class RecommendServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicReference<Catalog> catalog;
  private final ServeLimits limits;
  private final Semaphore inFlight;
  private final Semaphore workers;
  private volatile boolean draining;
  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter rejected;
  // one timer per stage, built at its first use rather than looked up through a builder per request
  private final java.util.Map<String, Timer> stageTimers =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Javalin app;

  private final java.util.function.Supplier<Catalog> reloader;
  private final byte[] adminToken;
  private final Counter reloads;
  private final Counter failedReloads;
  private final io.micrometer.core.instrument.MultiGauge modelInfo;

  /** A server without admin endpoints. */
  public RecommendServer(Catalog initial, ServeLimits limits) {
    this(initial, limits, null, null);
  }

  /**
   * @param reloader builds a fresh catalog from the configured bundle (never from a request)
   * @param adminToken the bearer token of {@code /admin/*}; null: admin endpoints are off (404)
   */
  public RecommendServer(
      Catalog initial,
      ServeLimits limits,
      java.util.function.Supplier<Catalog> reloader,
      String adminToken) {
    if (adminToken != null && adminToken.length() < 16) {
      throw new IllegalArgumentException("the admin token must be at least 16 characters");
    }
    this.reloader = reloader;
    this.adminToken =
        adminToken == null ? null : adminToken.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    this.catalog = new AtomicReference<>(initial);
    this.limits = limits;
    this.inFlight = new Semaphore(limits.maxInFlight());
    this.workers = new Semaphore(limits.workers(), true); // fair: the line is served in order
    this.rejected =
        Counter.builder("recsys4j_rejected_requests")
            .description("requests answered 503 because the server was at its in-flight limit")
            .register(metrics);
    this.reloads =
        Counter.builder("recsys4j_reloads").description("catalogs swapped in").register(metrics);
    this.failedReloads =
        Counter.builder("recsys4j_failed_reloads")
            .description("reloads that failed (the old catalog kept serving)")
            .register(metrics);
    metrics.gauge(
        "recsys4j_in_flight_requests", inFlight, s -> limits.maxInFlight() - s.availablePermits());
    metrics.gauge("recsys4j_queued_requests", workers, Semaphore::getQueueLength);
    new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(metrics);
    this.modelInfo =
        io.micrometer.core.instrument.MultiGauge.builder("recsys4j_loaded_model")
            .description("the loaded models: 1 per (stage, version)")
            .register(metrics);
    publishVersions(initial);
    this.app =
        Javalin.create(
            cfg -> {
              // workers: the in-flight limit plus room to answer 503s (Jetty wants its job queue
              // unbounded; what bounds the work is the in-flight limit, whose 503 costs
              // microseconds)
              int threads = Math.max(8, limits.maxInFlight() + 8);
              QueuedThreadPool pool = new QueuedThreadPool(threads, 4, 60_000);
              pool.setName("recsys4j-serve");
              cfg.jetty.threadPool = pool;
              cfg.http.maxRequestSize = limits.maxBodyBytes();
              // Jetty's own graceful stop: the connectors close, and requests still being
              // written finish before the server goes (ours only waits for the handlers)
              cfg.jetty.modifyServer(
                  server -> {
                    server.setStopTimeout(10_000);
                    server.insertHandler(new org.eclipse.jetty.server.handler.GracefulHandler());
                  });
              cfg.startup.showJavalinBanner = false;
              cfg.routes.post("/v1/recommend", guarded("recommend", this::recommend));
              cfg.routes.post("/v1/score", guarded("score", this::score));
              cfg.routes.get("/v1/items/{id}/similar", guarded("similar", this::similar));
              cfg.routes.get("/healthz", ctx -> ctx.result("ok"));
              cfg.routes.get(
                  "/openapi.json",
                  ctx -> ctx.contentType("application/json").result(OpenApi.document()));
              if (this.adminToken != null && reloader != null) {
                cfg.routes.post("/admin/reload", this::reload);
              }
              cfg.routes.get("/readyz", this::ready);
              cfg.routes.get(
                  "/metrics",
                  ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
              cfg.routes.exception(
                  BadRequest.class, (e, ctx) -> error(ctx, 400, e.field(), e.getMessage()));
              cfg.routes.exception(
                  JsonProcessingException.class,
                  (e, ctx) ->
                      error(
                          ctx,
                          400,
                          "body",
                          "body: not valid JSON (" + e.getOriginalMessage() + ")"));
            });
  }

  /** Starts listening on {@code port} (0: any free port). */
  public RecommendServer start(String host, int port) {
    app.start(host, port);
    return this;
  }

  public int port() {
    return app.port();
  }

  /** The catalog requests are answered from now. */
  public Catalog catalog() {
    return catalog.get();
  }

  /** The worker permits (tests hold them to make requests wait in line). */
  Semaphore workerPermits() {
    return workers;
  }

  /** The in-flight permits (tests hold them to see the overload answer). */
  Semaphore inFlightPermits() {
    return inFlight;
  }

  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /**
   * Stops gracefully: from now on new requests get 503 and {@code /readyz} says not ready (a load
   * balancer stops sending), the requests already inside finish (for up to {@code drain}), then the
   * listener closes.
   *
   * @return whether every request inside finished in time
   */
  public boolean stop(java.time.Duration drain) {
    draining = true;
    boolean drained = false;
    try {
      drained = inFlight.tryAcquire(limits.maxInFlight(), drain.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    app.stop();
    return drained;
  }

  /** {@link #stop} with up to 10 seconds for the requests inside to finish. */
  @Override
  public void close() {
    stop(java.time.Duration.ofSeconds(10));
  }

  /** Runs {@code h} within the in-flight limit, timing it; past the limit answers 503 at once. */
  private Handler guarded(String endpoint, Handler h) {
    return ctx -> {
      if (draining) {
        reject(ctx, "shutting down; retry elsewhere");
        return;
      }
      if (!inFlight.tryAcquire()) {
        reject(ctx, "overloaded: " + limits.maxInFlight() + " requests in the server; retry");
        return;
      }
      long t0 = System.nanoTime();
      try {
        if (!workers.tryAcquire(limits.queueMillis(), TimeUnit.MILLISECONDS)) {
          reject(ctx, "overloaded: no worker free within " + limits.queueMillis() + " ms; retry");
          return;
        }
        try {
          h.handle(ctx);
        } finally {
          workers.release();
        }
      } finally {
        inFlight.release();
        Timer.builder("recsys4j_request_seconds")
            .tag("endpoint", endpoint)
            .tag("status", Integer.toString(ctx.statusCode()))
            .publishPercentileHistogram()
            .register(metrics)
            .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      }
    };
  }

  private void reject(Context ctx, String why) {
    rejected.increment();
    ctx.header("Retry-After", "1");
    error(ctx, 503, null, why);
  }

  private void recommend(Context ctx) throws Exception {
    Catalog c = catalog.get(); // one read: the whole answer comes from one version
    RecommendRequest r = RecommendRequest.parse(JSON.readTree(ctx.body()), limits, c.attributes());
    RecommendPipeline.Result res = RecommendPipeline.recommend(c, r);
    ObjectNode o = JSON.createObjectNode();
    o.put("user", res.user());
    ArrayNode items = o.putArray("items");
    for (RecommendPipeline.Scored s : res.items()) {
      items.addObject().put("item", s.item()).put("score", s.score());
    }
    models(o, c);
    o.put("policy", res.policy());
    o.put("unknown_excluded", res.unknownExcluded());
    if (res.seed() != null) {
      o.put("seed", res.seed());
    }
    if (r.explain()) {
      o.put("retrieved_by", res.retrievedBy());
      ArrayNode stages = o.putArray("stages");
      for (RecommendPipeline.Stage s : res.stages()) {
        stages
            .addObject()
            .put("stage", s.name())
            .put("candidates", s.candidates())
            .put("micros", s.micros());
      }
    }
    for (RecommendPipeline.Stage s : res.stages()) {
      stageTimers
          .computeIfAbsent(
              s.name(),
              name ->
                  Timer.builder("recsys4j_stage_seconds")
                      .tag("stage", name)
                      .publishPercentileHistogram()
                      .register(metrics))
          .record(s.micros(), TimeUnit.MICROSECONDS);
    }
    ctx.contentType("application/json").result(JSON.writeValueAsString(o));
  }

  private void similar(Context ctx) {
    Catalog c = catalog.get();
    String id = ctx.pathParam("id");
    int item = c.items().indexOf(id);
    if (item < 0) {
      error(ctx, 404, "id", "id: unknown item '" + RecommendRequest.capped(id) + "'");
      return;
    }
    String kq = ctx.queryParam("k");
    int k;
    try {
      k = kq == null ? 20 : Integer.parseInt(kq);
    } catch (NumberFormatException e) {
      throw new BadRequest("k", "expected an integer");
    }
    if (k < 1 || k > limits.maxK()) {
      throw new BadRequest("k", "expected 1 to " + limits.maxK() + ", got " + k);
    }
    int n = Math.min(c.items().size(), k + 1);
    int[] ids = new int[n];
    float[] scores = new float[n];
    int got = c.index().search(c.index().vector(item), n, ids, scores);
    ObjectNode o = JSON.createObjectNode();
    o.put("item", id);
    ArrayNode items = o.putArray("items");
    for (int j = 0; j < got && items.size() < k; j++) {
      if (ids[j] != item) {
        items.addObject().put("item", c.items().rawId(ids[j])).put("score", scores[j]);
      }
    }
    models(o, c);
    ctx.contentType("application/json").result(o.toString());
  }

  /** The click probabilities of the given (user, item, features, context) rows. */
  private void score(Context ctx) throws Exception {
    Catalog c = catalog.get();
    if (c.ranker() == null) {
      error(ctx, 404, null, "no ranker: start the server with --ranker <CTR bundle>");
      return;
    }
    ScoreRequest r = ScoreRequest.parse(JSON.readTree(ctx.body()), limits);
    float[] p = new float[r.items().length];
    c.ranker().score(r.requests(), r.items(), p);
    ObjectNode o = JSON.createObjectNode();
    ArrayNode scores = o.putArray("scores");
    for (float v : p) {
      scores.add(v);
    }
    models(o, c);
    ctx.contentType("application/json").result(o.toString());
  }

  private void publishVersions(Catalog c) {
    java.util.List<io.micrometer.core.instrument.MultiGauge.Row<?>> rows =
        new java.util.ArrayList<>();
    rows.add(
        io.micrometer.core.instrument.MultiGauge.Row.of(
            io.micrometer.core.instrument.Tags.of("stage", "retrieval", "version", c.version()),
            1));
    if (c.ranker() != null) {
      rows.add(
          io.micrometer.core.instrument.MultiGauge.Row.of(
              io.micrometer.core.instrument.Tags.of(
                  "stage", "ranker", "version", c.ranker().version()),
              1));
    }
    modelInfo.register(rows, true);
  }

  /** {@code "models": {"retrieval": ..., "ranker": ...}}: the versions that answered. */
  private static void models(ObjectNode o, Catalog c) {
    ObjectNode m = o.putObject("models");
    m.put("retrieval", c.version());
    if (c.ranker() != null) {
      m.put("ranker", c.ranker().version());
    }
  }

  /**
   * Builds a new catalog from the configured bundle beside the old one and swaps it in at once;
   * requests already running finish on the catalog they read. A failure leaves the old one serving.
   */
  private synchronized void reload(Context ctx) {
    String auth = ctx.header("Authorization");
    byte[] given =
        auth == null || !auth.startsWith("Bearer ")
            ? new byte[0]
            : auth.substring(7).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (!java.security.MessageDigest.isEqual(given, adminToken)) {
      error(ctx, 401, null, "admin endpoints need 'Authorization: Bearer <token>'");
      return;
    }
    String before = catalog.get().version();
    Catalog next;
    try {
      next = reloader.get();
    } catch (RuntimeException e) {
      failedReloads.increment();
      error(ctx, 500, null, "reload failed, still serving " + before + ": " + e.getMessage());
      return;
    }
    catalog.set(next);
    publishVersions(next);
    reloads.increment();
    ObjectNode o = JSON.createObjectNode();
    o.put("previous", before);
    models(o, next);
    ctx.contentType("application/json").result(o.toString());
  }

  private void ready(Context ctx) {
    ObjectNode o = JSON.createObjectNode();
    o.put("ready", !draining);
    if (draining) {
      ctx.status(503);
    }
    models(o, catalog.get());
    ctx.contentType("application/json").result(o.toString());
  }

  private static void error(Context ctx, int status, String field, String message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("error", message);
    if (field != null) {
      o.put("field", field);
    }
    ctx.status(status).contentType("application/json").result(o.toString());
  }
}
