package org.recsys4j.serve;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.autograd.Activations;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.data.Interactions;
import org.recsys4j.data.ctr.BadRowPolicy;
import org.recsys4j.data.ctr.CtrBatch;
import org.recsys4j.data.ctr.CtrTransforms;
import org.recsys4j.data.ctr.ImpressionCtr;
import org.recsys4j.data.ctr.RawRow;
import org.recsys4j.data.ctr.TransformOptions;
import org.recsys4j.data.impressions.ImpressionDataset;
import org.recsys4j.data.impressions.ImpressionLog;
import org.recsys4j.data.synthetic.SyntheticImpressions;
import org.recsys4j.models.ModelInputs;
import org.recsys4j.models.Models;
import org.recsys4j.models.RankingModel;
import org.recsys4j.models.ctr.CtrConfig;
import org.recsys4j.models.ctr.CtrModel;
import org.recsys4j.models.mf.MfConfig;
import org.recsys4j.train.BundleSections;
import org.recsys4j.train.ModelBundle;

/**
 * A generated impression log with user and item tables, a DCN-v2 ranker fitted on its click rows
 * (untrained weights: the tests compare scoring paths, not quality) and an MF retrieval bundle over
 * the same raw ids, each saved as a bundle the way {@code train} saves them.
 */
final class RankerFixture {
  final Path data;
  final ImpressionDataset ds;
  final Path retrieval;
  final Path ranker;
  final CtrModel model;
  final CtrTransforms transforms;

  RankerFixture(Path dir) {
    data = dir.resolve("impressions");
    SyntheticImpressions.write(data, 120, 80, 4000, 10, 3L);
    ds = ImpressionDataset.read(data, BadRowPolicy.ERROR, null, null);
    ImpressionCtr rows = ImpressionCtr.of(ds, 0);
    transforms = CtrTransforms.fit(rows.train(), rows.schema(), TransformOptions.standard());
    model =
        (CtrModel)
            Models.create(
                "dcnv2",
                new CtrConfig("dcnv2", 8, new int[0], new int[] {16, 8}, 2, 0f, 0.3f, false),
                ModelInputs.of(
                    new ModelInputs.FeatureShape(
                        transforms.denseCount(),
                        transforms.cardinalities(),
                        transforms.multiHotCardinalities(),
                        List.of())),
                4);
    ranker = dir.resolve("dcnv2");
    Map<String, Object> dataset = new LinkedHashMap<>();
    dataset.put("source", data.toAbsolutePath().toString());
    dataset.put("dense", transforms.denseCount());
    dataset.put("cardinalities", transforms.cardinalities());
    dataset.put("multi_hot_cardinalities", transforms.multiHotCardinalities());
    ModelBundle.save(
        ranker,
        model,
        BundleSections.ctr(transforms),
        new ModelBundle.Provenance(
            "impressions",
            ds.fingerprint(),
            dataset,
            4L,
            1,
            Map.of(),
            Map.of(),
            "last-epoch",
            null));
    ImpressionLog log = ds.log();
    int[] u = new int[log.size()];
    int[] it = new int[log.size()];
    int n = 0;
    Set<Long> pairs = new HashSet<>();
    for (int k = 0; k < log.size(); k++) {
      if (log.label(k) > 0 && pairs.add((long) log.user(k) << 32 | log.item(k))) {
        u[n] = log.user(k);
        it[n++] = log.item(k);
      }
    }
    Interactions train = Interactions.fromPairs(log.users().size(), log.items().size(), u, it, n);
    RankingModel mf =
        (RankingModel) Models.create("mf", new MfConfig(8, 0f, 0.1f), ModelInputs.of(train), 5);
    mf.prepareForScoring(Parallel.serial());
    retrieval = dir.resolve("mf");
    ModelBundle.save(
        retrieval,
        mf,
        BundleSections.ranking(log.users(), log.items(), train),
        new ModelBundle.Provenance(
            "impressions",
            ds.fingerprint(),
            Map.of(),
            5L,
            1,
            Map.of(),
            Map.of(),
            "last-epoch",
            null));
  }

  /**
   * The reference: the probabilities of (user, item) rows, each filled field by field from the node
   * tables (or, where given, {@code userFeatures[r]} for the user) and encoded whole by the fitted
   * transforms, as {@code predict} scores rows; all rows in one batch, in order (a batch's size
   * changes the summation order of the matrix kernels, so the comparison keeps it).
   */
  float[] reference(String[] users, String[] items, List<Map<String, String>> userFeatures) {
    var schema = transforms.schema();
    int n = users.length;
    var cats = schema.names(org.recsys4j.data.ctr.ColumnRole.CATEGORICAL);
    var uf = new org.recsys4j.data.ctr.NodeFeatureFiller(schema, "user_", ds.users().schema());
    var itf = new org.recsys4j.data.ctr.NodeFeatureFiller(schema, "item_", ds.items().schema());
    CtrBatch b =
        new CtrBatch(
            n, transforms.denseCount(), transforms.categoricalCount(), transforms.multiHotCount());
    float[] dense = new float[transforms.denseCount()];
    int[] cat = new int[transforms.categoricalCount()];
    int[][] multi = new int[transforms.multiHotCount()][];
    for (int r = 0; r < n; r++) {
      RawRow row = new RawRow(schema);
      java.util.Arrays.fill(row.continuous, Double.NaN);
      java.util.Arrays.fill(row.multiHot, new String[0]);
      row.categorical[cats.indexOf("user")] = users[r];
      row.categorical[cats.indexOf("item")] = items[r];
      Map<String, String> given = userFeatures == null ? null : userFeatures.get(r);
      if (given == null) {
        uf.fill(row, ds.users(), users[r]);
      } else {
        uf.fill(row, given);
      }
      itf.fill(row, ds.items(), items[r]);
      transforms.apply(row, dense, cat, multi);
      System.arraycopy(dense, 0, b.dense, r * dense.length, dense.length);
      System.arraycopy(cat, 0, b.cat, r * cat.length, cat.length);
      for (int k = 0; k < multi.length; k++) {
        int at = b.multiOffsets[k][r];
        b.ensureMultiIds(k, at + multi[k].length);
        System.arraycopy(multi[k], 0, b.multiIds[k], at, multi[k].length);
        b.multiOffsets[k][r + 1] = at + multi[k].length;
      }
    }
    b.setSize(n);
    float[] z = new float[n];
    model.logits(new Tape(Parallel.serial()), b, z);
    float[] p = new float[n];
    for (int r = 0; r < n; r++) {
      p[r] = (float) Activations.sigmoid(z[r]);
    }
    return p;
  }

  /** {@link #reference} of one user against several items, the store's features or {@code f}. */
  float[] reference(String user, String[] items, Map<String, String> f) {
    String[] users = new String[items.length];
    java.util.Arrays.fill(users, user);
    return reference(
        users, items, f == null ? null : java.util.Collections.nCopies(items.length, f));
  }
}
