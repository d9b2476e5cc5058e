package org.recsys4j.cli;

import java.nio.file.Path;
import java.util.List;
import org.recsys4j.data.Dataset;
import org.recsys4j.data.DatasetLoader;
import org.recsys4j.data.split.Splits;
import picocli.CommandLine.Option;

/** The options that say where the data is and how to read and split it. */
final class DataOptions {
  @Option(names = "--data", required = true, description = "Dataset directory or file.")
  Path data;

  @Option(names = "--format", defaultValue = "auto",
      description = "auto, lightgcn, lastfm, movielens, csv or tsv (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--columns", split = ",", description = "Column names of a csv/tsv file, e.g. user,item,rating,timestamp.")
  List<String> columns = List.of();

  @Option(names = "--no-header", description = "The csv/tsv file has no header line.")
  boolean noHeader;

  @Option(names = "--test-file", description = "A separate test file (csv/tsv); otherwise the log is split.")
  Path testFile;

  @Option(names = "--split", defaultValue = "random", description = "random, leave-last or temporal (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--test-ratio", defaultValue = "0.2", description = "Test share of random and temporal splits.")
  double testRatio;

  @Option(names = "--min-rating", defaultValue = "NaN", description = "Keep ratings >= this as positives (MovieLens default 4).")
  double minRating;

  @Option(names = "--unknown-ids", defaultValue = "error", description = "error or drop: test rows with ids unseen in training.")
  String unknownIds;

  @Option(names = "--on-duplicate", defaultValue = "error", description = "error or drop: repeated (user, item) rows.")
  String onDuplicate;

  @Option(names = "--split-seed", defaultValue = "2020", description = "Seed of the random split.")
  long splitSeed;

  Dataset load() {
    if (!unknownIds.equals("error") && !unknownIds.equals("drop")) {
      throw new IllegalArgumentException("--unknown-ids must be error or drop, got '" + unknownIds + "'");
    }
    if (!onDuplicate.equals("error") && !onDuplicate.equals("drop")) {
      throw new IllegalArgumentException("--on-duplicate must be error or drop, got '" + onDuplicate + "'");
    }
    return DatasetLoader.load(data, new DatasetLoader.Options(format, columns, !noHeader, testFile,
        Splits.Kind.parse(split), testRatio, minRating, unknownIds.equals("drop"), onDuplicate.equals("drop"),
        splitSeed));
  }
}
