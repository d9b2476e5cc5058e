package org.recsys4j.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.Interactions;
import org.recsys4j.train.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code recsys4j recommend}: the top-K items for one user, by raw ids. */
@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Print the top-K items for a user (raw ids) with their scores; items the user saw in training are left out.",
        "Example: recsys4j recommend --model runs/gowalla --user 42 -k 10"})
final class RecommendCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, description = "Bundle directory.")
  Path bundle;

  @Option(names = "--user", required = true, description = "Raw user id, as in the training data.")
  String user;

  @Option(names = {"-k", "--k"}, defaultValue = "20", description = "How many items (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--include-seen", description = "Also allow items the user interacted with in training.")
  boolean includeSeen;

  @Override
  public Integer call() {
    if (k <= 0) {
      throw new IllegalArgumentException("-k must be positive, got " + k);
    }
    ModelBundle b = ModelBundle.load(bundle, Parallel.serial());
    int u = b.users().indexOf(user);
    if (u < 0) {
      throw new IllegalArgumentException("unknown user '" + user + "': the model knows " + b.users().size()
          + " users, e.g. '" + b.users().rawId(0) + "'");
    }
    Interactions train = b.train();
    int[] seen = includeSeen ? null : Arrays.copyOfRange(train.items(), train.userPtr()[u], train.userPtr()[u + 1]);
    int[] top = b.model().recommend(u, k, seen);
    float[] scores = b.model().scores(u);
    System.out.println("rank\titem\tscore");
    for (int r = 0; r < top.length; r++) {
      System.out.printf("%d\t%s\t%.6f%n", r + 1, b.items().rawId(top[r]), scores[top[r]]);
    }
    return 0;
  }
}
