package org.recsys4j.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.data.IdMap;
import org.recsys4j.eval.DotProductRecommender;
import org.recsys4j.train.ModelBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys4j export-embeddings}: the final user and item embeddings (for LightGCN, after
 * propagation) with raw ids, as CSV and as safetensors.
 */
@Command(
    name = "export-embeddings",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write user and item embeddings with their raw ids: users.csv, items.csv (raw_id,e0..eD-1)",
      "and embeddings.safetensors (user_embedding, item_embedding; ids in users.txt/items.txt).",
      "Example: recsys4j export-embeddings --model runs/gowalla --out runs/gowalla-emb"
    })
final class ExportEmbeddingsCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML file of option values; flags override it.")
  Path config;

  @Option(names = "--model", required = true, description = "Bundle directory.")
  Path bundle;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @Option(
      names = "--format",
      split = ",",
      defaultValue = "csv,safetensors",
      description = "csv, safetensors or both.")
  String[] formats;

  @Override
  public Integer call() throws IOException {
    for (String f : formats) { // before anything is created on disk
      if (!f.equals("csv") && !f.equals("safetensors")) {
        throw new IllegalArgumentException(
            "--format: unknown '" + f + "', expected csv, safetensors or both");
      }
    }
    ModelBundle b = ModelBundle.load(bundle, Parallel.serial());
    DotProductRecommender e = b.rankingModel("export-embeddings").embeddings();
    Files.createDirectories(out);
    for (String f : formats) {
      switch (f) {
        case "csv":
          writeCsv(out.resolve("users.csv"), b.users(), e.userEmbeddings(), e.dim());
          writeCsv(out.resolve("items.csv"), b.items(), e.itemEmbeddings(), e.dim());
          break;
        case "safetensors":
          Map<String, SafeTensors.Entry> t = new LinkedHashMap<>();
          t.put("user_embedding", SafeTensors.Entry.f32(e.userEmbeddings(), e.numUsers(), e.dim()));
          t.put("item_embedding", SafeTensors.Entry.f32(e.itemEmbeddings(), e.numItems(), e.dim()));
          SafeTensors.write(
              out.resolve("embeddings.safetensors"),
              t,
              Map.of(
                  "model_type",
                  b.model().type(),
                  "dataset_fingerprint",
                  b.manifest().path("dataset").path("fingerprint").asText()));
          b.users().save(out.resolve("users.txt"));
          b.items().save(out.resolve("items.txt"));
          break;
        default:
          throw new IllegalArgumentException(
              "--format: unknown '" + f + "', expected csv or safetensors");
      }
    }
    System.out.printf(
        "wrote %d user and %d item embeddings (dim %d) to %s%n",
        e.numUsers(), e.numItems(), e.dim(), out);
    return 0;
  }

  private static void writeCsv(Path file, IdMap ids, float[] emb, int d) throws IOException {
    try (AtomicFiles.Output o = AtomicFiles.open(file)) {
      BufferedWriter w =
          new BufferedWriter(new java.io.OutputStreamWriter(o.stream(), StandardCharsets.UTF_8));
      w.write("raw_id");
      for (int j = 0; j < d; j++) {
        w.write(",e" + j);
      }
      w.newLine();
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.rawId(i);
        w.write(id.contains(",") || id.contains("\"") ? '"' + id.replace("\"", "\"\"") + '"' : id);
        for (int j = 0; j < d; j++) {
          w.write(',');
          w.write(Float.toString(emb[i * d + j]));
        }
        w.newLine();
      }
      w.flush();
      o.commit();
    }
  }
}
