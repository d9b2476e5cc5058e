package org.recsys4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.recsys4j.serve.Catalog;
import org.recsys4j.serve.RecommendServer;
import org.recsys4j.serve.ServeLimits;
import org.recsys4j.serve.ServeSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys4j serve}: the recommender over HTTP from a saved bundle, until stopped (Ctrl-C or
 * SIGTERM close it, letting requests in flight finish).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serve recommendations over HTTP in four stages: retrieval from a bundle's embeddings"
          + " (LightGCN, MF, GraphSAGE), filtering (seen items, --deny, attribute rules), scoring"
          + " with a CTR bundle (--ranker) and ordering. POST /v1/recommend {\"user\": ID, \"k\":"
          + " 20, \"context\": {...}, \"exclude\": [...], \"explain\": false}, POST /v1/score,"
          + " GET /healthz, /readyz, /metrics (Prometheus).",
      "Also GET /v1/items/{id}/similar?k=20 and GET /openapi.json.",
      "Example: recsys4j serve --retrieval runs/gowalla --port 8080"
    })
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML file of option values; flags override it.")
  Path config;

  @Option(
      names = "--retrieval",
      required = true,
      description = "Retrieval bundle: a ranking model with user and item embeddings.")
  Path retrieval;

  @Option(
      names = "--ranker",
      description =
          "CTR bundle (dcnv2, deepfm, dlrm, ...) that scores the retrieved candidates for the user"
              + " and the request's context; also answers POST /v1/score.")
  Path ranker;

  @Option(
      names = "--nodes",
      description =
          "Dataset directory (schema.yaml, users.csv, items.csv) whose user and item tables feed"
              + " the ranker, held in memory by raw id (default: the ranker's training data when"
              + " it was an impression log).")
  Path nodes;

  @Option(
      names = "--unknown-users",
      defaultValue = "auto",
      description =
          "How a user the retrieval model does not know is answered: popularity (the most"
              + " interacted-with items), features (a GraphSAGE bundle embeds the user from the"
              + " request's \"features\", its cold start) or auto: features when the bundle can"
              + " (default: ${DEFAULT-VALUE}).")
  String unknownUsers;

  @Option(
      names = "--hnsw-above",
      defaultValue = "250000",
      description =
          "Catalogues of more items are searched with an HNSW graph (Lucene) instead of an exact"
              + " scan; -1: always exact (default: ${DEFAULT-VALUE}).")
  int hnswAbove;

  @Option(
      names = "--hnsw-ef",
      defaultValue = "400",
      description =
          "HNSW's candidate list while searching: higher finds more of the exact top items, slower"
              + " (default: ${DEFAULT-VALUE}).")
  int hnswEf;

  @Option(
      names = "--items",
      description =
          "Item attributes for filters and diversity: CSV with a header, the raw item id first"
              + " (e.g. id,genre,brand; multi-valued fields separated by |).")
  Path items;

  @Option(
      names = "--deny",
      description =
          "Items never answered (unavailable, excluded): one raw id per line, # comments.")
  Path deny;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port (0: any free port) (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--max-in-flight",
      defaultValue = "64",
      description =
          "Requests inside the server, computing or waiting in line; one past them gets 503 with"
              + " Retry-After at once (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(
      names = "--workers",
      description =
          "Requests computed at once; the others wait in line, in arrival order (default: two per"
              + " core).")
  Integer workers;

  @Option(
      names = "--queue-ms",
      defaultValue = "25",
      description =
          "Longest wait in line for a worker; a request that waited this long gets 503 with"
              + " Retry-After (default: ${DEFAULT-VALUE}).")
  long queueMillis;

  @Option(
      names = "--max-k",
      defaultValue = "1000",
      description = "Largest k a request may ask for (default: ${DEFAULT-VALUE}).")
  int maxK;

  @Option(
      names = "--admin-token-file",
      description =
          "A file holding the bearer token of POST /admin/reload (at least 16 characters), which"
              + " reloads --retrieval from disk and swaps it in atomically; without it the admin"
              + " endpoints are off.")
  Path adminTokenFile;

  @Override
  public Integer call() throws InterruptedException, java.io.IOException {
    ServeLimits limits =
        ServeLimits.defaults()
            .with(maxInFlight, maxK, Math.max(maxK, ServeLimits.defaults().maxCandidates()))
            .withWorkers(workers != null ? workers : ServeLimits.defaults().workers(), queueMillis);
    String token = null;
    if (adminTokenFile != null) {
      if (!java.nio.file.Files.isRegularFile(adminTokenFile)) {
        throw new IllegalArgumentException(
            "--admin-token-file " + adminTokenFile + ": no such file");
      }
      token = java.nio.file.Files.readString(adminTokenFile).strip();
    }
    long t0 = System.nanoTime();
    ServeSources sources =
        new ServeSources(retrieval, items, deny, ranker, nodes, unknownUsers, hnswAbove, hnswEf);
    Catalog c = sources.load();
    RecommendServer server = new RecommendServer(c, limits, sources::load, token).start(host, port);
    System.out.printf(
        "serving %s%s (%,d users, %,d items) on http://%s:%d in %.1fs%n",
        c.version(),
        c.ranker() == null
            ? ""
            : " ranked by "
                + c.ranker().version()
                + (c.ranker().embedsNewUsers()
                    ? " (new users' joined embeddings from their features)"
                    : ""),
        c.users().size(),
        c.items().size(),
        host,
        server.port(),
        (System.nanoTime() - t0) / 1e9);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  boolean drained = server.stop(java.time.Duration.ofSeconds(10));
                  System.out.println(
                      drained
                          ? "stopped: every request in flight was answered"
                          : "stopped after 10 s with requests still in flight");
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }
}
