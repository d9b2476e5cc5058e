package org.recsys4j.bench.e2e;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.Dataset;
import org.recsys4j.data.DatasetLoader;
import org.recsys4j.eval.EvalResult;
import org.recsys4j.eval.FullRankingEvaluator;
import org.recsys4j.models.lightgcn.LightGcn;
import org.recsys4j.models.lightgcn.LightGcnConfig;

/**
 * Wall time of full-ranking evaluation (all test users, all items, training items masked, K=20) of
 * a dim-64 LightGCN, for each thread count; repeated, one JSON line per repetition.
 */
public final class FullEvalBench implements Workload {
  @Override
  public String name() {
    return "eval-full";
  }

  @Override
  public String description() {
    return "full-ranking evaluation time: --data DIR --threads 1,2 --repeat 3 --eval-batch 256";
  }

  @Override
  public void run(Map<String, String> options, PrintStream out) {
    Options o = new Options(options);
    Dataset ds =
        DatasetLoader.load(
            Path.of(o.str("data", "../shared/data/lightgcn-gowalla")),
            DatasetLoader.Options.defaults());
    LightGcn model =
        new LightGcn(new LightGcnConfig(o.integer("dim", 64), 3, 1e-4f, 0.1f), ds.train(), 1);
    int repeat = o.integer("repeat", 3);
    for (int threads : o.integers("threads", "1,2")) {
      try (Parallel par = new Parallel(threads)) {
        model.prepareForScoring(par);
        FullRankingEvaluator ev =
            new FullRankingEvaluator(new int[] {20}, o.integer("eval-batch", 256), par);
        for (int r = 0; r < repeat; r++) {
          EvalResult res = ev.evaluate(model, ds.train(), ds.test());
          out.println(
              new JsonLine("full_ranking_eval")
                  .put("dataset", ds.name())
                  .put("threads", threads)
                  .put("users", res.users())
                  .put("items", model.numItems())
                  .put("seconds", res.seconds())
                  .put("users_per_second", res.users() / res.seconds())
                  .put("recall@20", res.get("recall@20")));
          out.flush();
        }
      }
    }
  }
}
