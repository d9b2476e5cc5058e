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

  @Option(
      names = "--format",
      defaultValue = "auto",
      description = "auto, lightgcn, lastfm, movielens, csv or tsv (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--columns",
      split = ",",
      description = "Column names of a csv/tsv file, e.g. user,item,rating,timestamp.")
  List<String> columns = List.of();

  @Option(names = "--no-header", description = "The csv/tsv file has no header line.")
  boolean noHeader;

  @Option(
      names = "--test-file",
      description = "A separate test file (csv/tsv); otherwise the log is split.")
  Path testFile;

  @Option(
      names = "--split",
      defaultValue = "random",
      description = "random, leave-last or temporal (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(
      names = "--test-ratio",
      defaultValue = "0.2",
      description = "Test share of random and temporal splits.")
  double testRatio;

  @Option(
      names = "--min-rating",
      defaultValue = "NaN",
      description = "Keep ratings >= this as positives (MovieLens default 4).")
  double minRating;

  @Option(
      names = "--unknown-ids",
      defaultValue = "auto",
      description =
          "error, drop or auto: test rows whose user or "
              + "item never occurs in training (auto: drop and count them for LastFM and split logs, where they are expected; "
              + "fail for the other formats) (default: ${DEFAULT-VALUE}).")
  String unknownIds;

  @Option(
      names = "--on-duplicate",
      defaultValue = "error",
      description = "error or drop: repeated (user, item) rows.")
  String onDuplicate;

  @Option(names = "--split-seed", defaultValue = "2020", description = "Seed of the random split.")
  long splitSeed;

  /** How the data was read and split, for the bundle's manifest (so that evaluate can check it). */
  java.util.Map<String, Object> recorded() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("path", data.toAbsolutePath().normalize().toString());
    m.put("format", format);
    m.put("columns", columns);
    m.put("header", !noHeader);
    m.put("test_file", testFile == null ? null : testFile.toAbsolutePath().normalize().toString());
    m.put("split", split);
    m.put("test_ratio", testRatio);
    m.put("min_rating", Double.isNaN(minRating) ? null : minRating);
    m.put("unknown_ids", unknownIds);
    m.put("on_duplicate", onDuplicate);
    m.put("split_seed", splitSeed);
    return m;
  }

  /**
   * Takes the bundle's recorded way of reading and splitting the data for every option the user did
   * not give, so that evaluate sees the test split the model was trained against.
   */
  void adoptRecorded(
      com.fasterxml.jackson.databind.JsonNode r, picocli.CommandLine.Model.CommandSpec spec) {
    if (!r.has("split")) {
      return; // bundles from before the split was recorded
    }
    if (!ConfigFile.given(spec, "--format")) {
      format = r.path("format").asText(format);
    }
    if (!ConfigFile.given(spec, "--columns") && r.path("columns").isArray()) {
      java.util.List<String> c = new java.util.ArrayList<>();
      r.path("columns").forEach(x -> c.add(x.asText()));
      columns = c;
    }
    if (!ConfigFile.given(spec, "--no-header")) {
      noHeader = !r.path("header").asBoolean(true);
    }
    if (!ConfigFile.given(spec, "--test-file") && r.hasNonNull("test_file")) {
      testFile = Path.of(r.path("test_file").asText());
    }
    if (!ConfigFile.given(spec, "--split")) {
      split = r.path("split").asText(split);
    }
    if (!ConfigFile.given(spec, "--test-ratio")) {
      testRatio = r.path("test_ratio").asDouble(testRatio);
    }
    if (!ConfigFile.given(spec, "--min-rating") && r.hasNonNull("min_rating")) {
      minRating = r.path("min_rating").asDouble();
    }
    if (!ConfigFile.given(spec, "--unknown-ids")) {
      unknownIds = r.path("unknown_ids").asText(unknownIds);
    }
    if (!ConfigFile.given(spec, "--on-duplicate")) {
      onDuplicate = r.path("on_duplicate").asText(onDuplicate);
    }
    if (!ConfigFile.given(spec, "--split-seed")) {
      splitSeed = r.path("split_seed").asLong(splitSeed);
    }
  }

  Dataset load() {
    if (!onDuplicate.equals("error") && !onDuplicate.equals("drop")) {
      throw new IllegalArgumentException(
          "--on-duplicate must be error or drop, got '" + onDuplicate + "'");
    }
    return DatasetLoader.load(
        data,
        new DatasetLoader.Options(
            format,
            columns,
            !noHeader,
            testFile,
            Splits.Kind.parse(split),
            testRatio,
            minRating,
            DatasetLoader.UnknownIds.parse(unknownIds),
            onDuplicate.equals("drop"),
            splitSeed));
  }
}
