package org.recsys4j.bench.e2e;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.recsys4j.core.Rng;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.ctr.ColumnRole;
import org.recsys4j.data.ctr.CtrColumn;
import org.recsys4j.data.ctr.CtrSchema;
import org.recsys4j.data.ctr.CtrTextReader;
import org.recsys4j.data.ctr.CtrTransforms;
import org.recsys4j.data.ctr.RawRow;
import org.recsys4j.data.ctr.RowSource;
import org.recsys4j.data.ctr.TransformOptions;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.Models;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.train.BundleSections;
import org.recsys4j.train.ModelBundle;

/**
 * A ranker for the serving benchmark, shaped like {@code examples/ml100k-dcnv2.yaml} on MovieLens
 * 100K as clicks: a DCN-v2 (dim 16, 2 cross layers, MLP 64-32) over the user and item ids and five
 * feature fields (user age, gender and occupation; item genres and year), with its node tables
 * written beside it as the feature store. Weights are untrained: latency does not depend on what
 * they learned, and the transforms are fitted on generated rows so every vocabulary is full size.
 */
final class GeneratedRanker {
  private static final String[] GENRES = {
    "Action",
    "Adventure",
    "Animation",
    "Children",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Fantasy",
    "Film-Noir",
    "Horror",
    "Musical",
    "Mystery",
    "Romance",
    "Sci-Fi",
    "Thriller",
    "War",
    "Western"
  };

  private GeneratedRanker() {}

  /** Writes the node tables of {@code users} and {@code items} and the ranker bundle into dir. */
  static Path write(Path dir, IdMap users, IdMap items) throws IOException {
    Rng rng = new Rng(13);
    Path nodes = dir.resolve("nodes");
    Files.createDirectories(nodes);
    Files.writeString(
        nodes.resolve("schema.yaml"),
        """
        users:
          delimiter: ","
          header: true
          columns:
            - {name: id, role: id}
            - {name: age, role: continuous}
            - {name: gender, role: categorical}
            - {name: occupation, role: categorical}
        items:
          delimiter: ","
          header: true
          columns:
            - {name: id, role: id}
            - {name: genres, role: multi-hot, separator: "|"}
            - {name: year, role: continuous}
        """);
    String[][] userRows = new String[users.size()][];
    try (BufferedWriter w = Files.newBufferedWriter(nodes.resolve("users.csv"))) {
      w.write("id,age,gender,occupation\n");
      for (int u = 0; u < users.size(); u++) {
        userRows[u] =
            new String[] {
              Integer.toString(15 + rng.nextInt(55)),
              rng.nextInt(2) == 0 ? "F" : "M",
              "occupation" + rng.nextInt(21)
            };
        w.write(users.rawId(u) + "," + String.join(",", userRows[u]) + "\n");
      }
    }
    String[][] itemRows = new String[items.size()][];
    try (BufferedWriter w = Files.newBufferedWriter(nodes.resolve("items.csv"))) {
      w.write("id,genres,year\n");
      for (int i = 0; i < items.size(); i++) {
        int n = 1 + rng.nextInt(3);
        StringBuilder g = new StringBuilder();
        for (int j = 0; j < n; j++) {
          g.append(j > 0 ? "|" : "").append(GENRES[rng.nextInt(GENRES.length)]);
        }
        itemRows[i] = new String[] {g.toString(), Integer.toString(1930 + rng.nextInt(70))};
        w.write(items.rawId(i) + "," + String.join(",", itemRows[i]) + "\n");
      }
    }
    CtrSchema schema =
        new CtrSchema(
            List.of(
                new CtrColumn("label", ColumnRole.LABEL),
                new CtrColumn("user", ColumnRole.CATEGORICAL),
                new CtrColumn("item", ColumnRole.CATEGORICAL),
                new CtrColumn("user_age", ColumnRole.CONTINUOUS),
                new CtrColumn("user_gender", ColumnRole.CATEGORICAL),
                new CtrColumn("user_occupation", ColumnRole.CATEGORICAL),
                new CtrColumn("item_genres", ColumnRole.MULTI_HOT, "|"),
                new CtrColumn("item_year", ColumnRole.CONTINUOUS)),
            ',',
            true);
    // every user and every item once, so each id has its own embedding row as after training
    RowSource rows =
        new RowSource() {
          @Override
          public String name() {
            return "generated rows";
          }

          @Override
          public CtrTextReader.Stats read(Consumer<RawRow> sink) {
            RawRow row = new RawRow(schema);
            int n = Math.max(users.size(), items.size());
            for (int r = 0; r < n; r++) {
              int u = r % users.size();
              int i = r % items.size();
              row.label = rng.nextInt(2);
              row.categorical[0] = users.rawId(u);
              row.categorical[1] = items.rawId(i);
              row.continuous[0] = Double.parseDouble(userRows[u][0]);
              row.categorical[2] = userRows[u][1];
              row.categorical[3] = userRows[u][2];
              row.multiHot[0] = itemRows[i][0].split("\\|");
              row.continuous[1] = Double.parseDouble(itemRows[i][1]);
              sink.accept(row);
            }
            return new CtrTextReader.Stats(n, 0, List.of());
          }
        };
    CtrTransforms tr = CtrTransforms.fit(rows, schema, TransformOptions.standard());
    CtrModel model =
        (CtrModel)
            Models.create(
                "dcnv2",
                new CtrConfig("dcnv2", 16, new int[0], new int[] {64, 32}, 2, 0f, 0.01f, false),
                ModelInputs.of(
                    new ModelInputs.FeatureShape(
                        tr.denseCount(),
                        tr.cardinalities(),
                        tr.multiHotCardinalities(),
                        List.of())),
                17);
    Path bundle = dir.resolve("ranker");
    Map<String, Object> ds = new LinkedHashMap<>();
    ds.put("source", nodes.toAbsolutePath().toString());
    ds.put("dense", tr.denseCount());
    ds.put("cardinalities", tr.cardinalities());
    ds.put("multi_hot_cardinalities", tr.multiHotCardinalities());
    ModelBundle.save(
        bundle,
        model,
        BundleSections.ctr(tr),
        new ModelBundle.Provenance(
            "generated",
            "serve-load-ranker-" + users.size() + "x" + items.size(),
            ds,
            17L,
            1,
            Map.of(),
            Map.of(),
            "last-epoch",
            null));
    return bundle;
  }
}
