package org.recsys4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.recsys4j.data.impressions.MovieLensImpressions;
import org.recsys4j.data.impressions.MovieLensLatest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys4j convert}: a public dataset into the impression-log form (impressions, node
 * tables, schema).
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Convert a public dataset into an impression log: <out>/impressions.csv (user, item, label, timestamp), "
          + "<out>/users.csv, <out>/items.csv and <out>/schema.yaml describing them.",
      "Example: recsys4j convert --kind movielens-100k --input ../shared/data/ml-100k --out runs/ml100k-impressions"
    })
final class ConvertCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML file of option values; flags override it.")
  Path config;

  @Option(
      names = "--kind",
      required = true,
      description =
          "movielens-100k: every rating is an impression, a rating >= 4 a click (a lower one a real "
              + "negative); users with age, gender, occupation, zip prefix; items with genres, year, title. "
              + "movielens-latest (ml-latest-small): every rating is a link (a click), as PyG's tutorial "
              + "reads it; every movie of movies.csv with genres, year, title.")
  String kind;

  @Option(names = "--input", required = true, description = "The dataset's directory.")
  Path input;

  @Option(
      names = "--out",
      required = true,
      description = "Output directory (a new path, an empty directory, or an earlier conversion).")
  Path out;

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    long n =
        switch (kind) {
          case "movielens-100k" -> MovieLensImpressions.convert(input, out);
          case "movielens-latest" -> MovieLensLatest.convert(input, out);
          default ->
              throw new IllegalArgumentException(
                  "--kind must be movielens-100k or movielens-latest, got '"
                      + Messages.capped(kind)
                      + "'");
        };
    System.out.printf(
        "converted %,d impressions into %s in %.1fs%n", n, out, (System.nanoTime() - t0) / 1e9);
    return 0;
  }
}
