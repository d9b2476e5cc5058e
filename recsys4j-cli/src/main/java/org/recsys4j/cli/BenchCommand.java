package org.recsys4j.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.recsys4j.bench.e2e.BenchMain;
import org.recsys4j.bench.e2e.Workload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/** {@code recsys4j bench <workload>}: runs an end-to-end benchmark; one JSON line per measurement. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = {"Run a named benchmark and print one JSON line per measurement.",
        "Workloads: lightgcn-epoch, eval-full, lightgcn-to-quality (see --list).",
        "Example: recsys4j bench lightgcn-epoch --data ../shared/data/lightgcn-gowalla --threads 1,2"})
final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", description = "Workload name.")
  String workload;

  @picocli.CommandLine.Option(names = "--list", description = "List the workloads and their options.")
  boolean list;

  @Unmatched List<String> rest = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (list || workload == null) {
      for (Workload w : BenchMain.workloads()) {
        System.out.println(w.name() + ": " + w.description());
      }
      return workload == null && !list ? 2 : 0;
    }
    BenchMain.find(workload).run(BenchMain.parse(rest.toArray(new String[0]), 0), System.out);
    return 0;
  }
}
