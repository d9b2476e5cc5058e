package org.recsys4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.Interactions;
import org.recsys4j.models.RankingModel;
import org.recsys4j.train.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys4j recommend}: the top-K items for one or many users, by raw ids, from one model
 * load.
 */
@Command(
    name = "recommend",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Print the top-K items for users (raw ids) with their scores; items a user saw in training are left "
          + "out. With one user the columns are rank, item, score; with several, user comes first.",
      "Example: recsys4j recommend --model runs/gowalla --user 42 -k 10",
      "         recsys4j recommend --model runs/gowalla --users-file users.txt -k 20"
    })
final class RecommendCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML file of option values; flags override it.")
  Path config;

  @Option(names = "--model", required = true, description = "Bundle directory.")
  Path bundle;

  @Option(
      names = "--user",
      split = ",",
      description =
          "Raw user ids, as in the training data (repeat the option or "
              + "separate them with commas).")
  List<String> users = new ArrayList<>();

  @Option(
      names = "--users-file",
      description =
          "A file with one raw user id per line (blank lines and # comments " + "skipped).")
  Path usersFile;

  @Option(
      names = {"-k", "--k"},
      defaultValue = "20",
      description = "How many items (default: ${DEFAULT-VALUE}).")
  int k;

  @Option(
      names = "--include-seen",
      description = "Also allow items the user interacted with in training.")
  boolean includeSeen;

  @Override
  public Integer call() throws IOException {
    if (k <= 0) {
      throw new IllegalArgumentException("-k must be positive, got " + k);
    }
    List<String> all = new ArrayList<>(users);
    if (usersFile != null) {
      int line = 0;
      for (String s : Files.readAllLines(usersFile, StandardCharsets.UTF_8)) {
        line++;
        String id = (line == 1 && s.startsWith("\ufeff") ? s.substring(1) : s).strip();
        if (!id.isEmpty() && !id.startsWith("#")) {
          all.add(id);
        }
      }
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException("give users with --user ID[,ID...] or --users-file FILE");
    }
    ModelBundle b = ModelBundle.load(bundle, Parallel.serial());
    RankingModel model = b.rankingModel("recommend");
    int[] idx = new int[all.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = b.users().indexOf(all.get(i));
      if (idx[i] < 0) {
        throw new IllegalArgumentException(
            "unknown user '"
                + Messages.capped(all.get(i))
                + "'"
                + (usersFile != null && i >= users.size() ? " in " + usersFile : "")
                + ": the model knows "
                + b.users().size()
                + " users, e.g. '"
                + b.users().rawId(0)
                + "'");
      }
    }
    boolean many = idx.length > 1;
    Interactions train = b.train();
    StringBuilder sb =
        new StringBuilder(many ? "user\trank\titem\tscore\n" : "rank\titem\tscore\n");
    for (int i = 0; i < idx.length; i++) {
      int u = idx[i];
      int[] seen =
          includeSeen
              ? null
              : Arrays.copyOfRange(train.items(), train.userPtr()[u], train.userPtr()[u + 1]);
      int[] top = model.recommend(u, k, seen);
      float[] scores = model.scores(u);
      for (int r = 0; r < top.length; r++) {
        sb.append(many ? all.get(i) + "\t" : "")
            .append(r + 1)
            .append('\t')
            .append(b.items().rawId(top[r]))
            .append('\t')
            .append(String.format(java.util.Locale.ROOT, "%.6f", scores[top[r]]))
            .append('\n');
      }
      if (sb.length() > 1 << 16) {
        System.out.print(sb);
        sb.setLength(0);
      }
    }
    System.out.print(sb);
    return 0;
  }
}
