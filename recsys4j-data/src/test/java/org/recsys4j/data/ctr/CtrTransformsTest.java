package org.recsys4j.data.ctr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fitted transforms encode by the training data only, survive save/load unchanged, and the
 * processed columns read back exactly.
 */
class CtrTransformsTest {
  @TempDir Path dir;

  @Test
  void categorifyOrdersByFrequencyAndSendsRareUnseenAndMissingToReservedRows() {
    CategoricalEncoder e = new CategoricalEncoder("c", 2, 0);
    for (String v : new String[] {"b", "a", "b", "c", "a", "b", null, "d", "d"}) {
      e.observe(v);
    }
    e.finishFit();
    // b x3, then a and d x2 (ties by value), c x1 is rare
    assertThat(e.vocabulary()).containsExactly("b", "a", "d");
    assertThat(e.encode("b")).isEqualTo(2);
    assertThat(e.encode("a")).isEqualTo(3);
    assertThat(e.encode("d")).isEqualTo(4);
    assertThat(e.encode("c")).isEqualTo(CategoricalEncoder.OOV);
    assertThat(e.encode("never")).isEqualTo(CategoricalEncoder.OOV);
    assertThat(e.encode(null)).isEqualTo(CategoricalEncoder.MISSING);
    assertThat(e.cardinality()).isEqualTo(5);
  }

  @Test
  void aVocabularyTooLargeForMaxCardinalityIsHashedStably() {
    CategoricalEncoder e = new CategoricalEncoder("c", 1, 10);
    for (int i = 0; i < 100; i++) {
      e.observe("v" + i);
    }
    e.finishFit();
    assertThat(e.hashed()).isTrue();
    assertThat(e.cardinality()).isEqualTo(10);
    int[] seen = new int[10];
    for (int i = 0; i < 100; i++) {
      int id = e.encode("v" + i);
      assertThat(id).isBetween(2, 9);
      seen[id]++;
    }
    assertThat(seen[2] + seen[3] + seen[4] + seen[5] + seen[6] + seen[7] + seen[8] + seen[9])
        .isEqualTo(100);
    for (int b = 2; b < 10; b++) {
      assertThat(seen[b]).as("bucket %d", b).isBetween(3, 30); // spread over the buckets
    }
    // fixed across runs and JVMs: pinned values
    assertThat(CategoricalEncoder.hash64("68fd1e64"))
        .isEqualTo(CategoricalEncoder.hash64("68fd1e64"));
    assertThat(e.encode("v0"))
        .isEqualTo(CategoricalEncoder.restored("c", 1, 10, null).encode("v0"));
  }

  @Test
  void continuousLogClipsNegativesAndStandardisesWithTrainingStatistics() {
    ContinuousEncoder log = new ContinuousEncoder("i", 0, true, false);
    assertThat(log.encode(-3)).isEqualTo(0f);
    assertThat(log.encode(Double.NaN)).isEqualTo(0f);
    assertThat((double) log.encode(9)).isCloseTo(Math.log(10), offset(1e-6));
    ContinuousEncoder z = new ContinuousEncoder("age", 5, false, true);
    for (double v :
        new double[] {1, 2, 6, Double.NaN}) { // missing values are imputed by the mean, not counted
      z.observe(v);
    }
    z.finishFit();
    double mean = 3;
    double sd = Math.sqrt((4 + 1 + 9) / 2.0);
    assertThat(z.mean()).isCloseTo(mean, offset(1e-12));
    assertThat(z.std()).isCloseTo(sd, offset(1e-12));
    assertThat((double) z.encode(4)).isCloseTo((4 - mean) / sd, offset(1e-6));
    assertThat(z.encode(Double.NaN)).isEqualTo(0f);
  }

  @Test
  void preprocessWritesColumnsThatReadBackAndTransformsThatReloadIdentically() throws IOException {
    Path schemaFile = dir.resolve("schema.yaml");
    Files.writeString(
        schemaFile,
        """
        delimiter: ","
        columns:
          - {name: y, role: label}
          - {name: u, role: categorical}
          - {name: x, role: continuous}
          - {name: tags, role: multi-hot, separator: ";"}
        """);
    CtrSchema schema = CtrSchema.load(schemaFile);
    Path train = dir.resolve("train.csv");
    Files.writeString(train, "1,a,1.5,t1;t2\n0,b,,\n1,a,-2,t2\n0,,4,t3;t1;t2\n");
    Path test = dir.resolve("test.csv");
    Files.writeString(test, "0,zzz,2,t9;t1\n");
    CtrPreprocessor.Report rep =
        CtrPreprocessor.run(
            train,
            schema,
            TransformOptions.standard(),
            BadRowPolicy.ERROR,
            dir.resolve("out/train"),
            test,
            dir.resolve("out/test"));
    assertThat(rep.trainRows()).isEqualTo(4);
    assertThat(rep.testRows()).isEqualTo(1);
    CtrDataset ds = CtrDataset.open(dir.resolve("out/train"));
    assertThat(ds.rows()).isEqualTo(4);
    assertThat(ds.positives()).isEqualTo(2);
    assertThat(ds.cardinalities()).containsExactly(4); // missing, oov, a, b
    assertThat(ds.multiHotCardinalities()).containsExactly(5); // missing, oov, t2, t1, t3
    CtrBatch batch = new CtrBatch(8, 1, 1, 1);
    ds.fill(new int[] {3, 0, 1}, 0, 3, batch);
    assertThat(batch.size()).isEqualTo(3);
    assertThat(batch.labels).startsWith(0f, 1f, 0f);
    assertThat(batch.cat).startsWith(CategoricalEncoder.MISSING, 2, 3);
    assertThat(batch.multiOffsets[0]).startsWith(0, 3, 5, 5);
    assertThat(java.util.Arrays.copyOf(batch.multiIds[0], 5)).containsExactly(4, 3, 2, 3, 2);
    double mean = (1.5 - 2 + 4) / 3; // the missing x is imputed by the mean, not counted in it
    CtrTransforms reloaded = ds.transforms();
    assertThat(reloaded.continuousMeans()[0]).isCloseTo(mean, offset(1e-12));
    // the test split went through the training fit: an unseen user and tag are out of vocabulary
    CtrDataset te = CtrDataset.open(dir.resolve("out/test"));
    te.fill(new int[] {0}, 0, 1, batch);
    assertThat(batch.cat[0]).isEqualTo(CategoricalEncoder.OOV);
    assertThat(java.util.Arrays.copyOf(batch.multiIds[0], 2))
        .containsExactly(CategoricalEncoder.OOV, 3);
    // reloaded transforms encode every raw row exactly as the fitted ones did
    CtrTransforms fitted =
        CtrTransforms.fit(train, schema, TransformOptions.standard(), BadRowPolicy.ERROR);
    for (Path p : List.of(train, test)) {
      new CtrTextReader(schema, BadRowPolicy.ERROR)
          .read(
              p,
              -1,
              row -> {
                float[] d1 = new float[1];
                float[] d2 = new float[1];
                int[] c1 = new int[1];
                int[] c2 = new int[1];
                int[][] m1 = new int[1][];
                int[][] m2 = new int[1][];
                fitted.apply(row, d1, c1, m1);
                reloaded.apply(row, d2, c2, m2);
                assertThat(d2).containsExactly(d1);
                assertThat(c2).containsExactly(c1);
                assertThat(m2[0]).containsExactly(m1[0]);
              });
    }
  }

  @Test
  void aFailedWriteLeavesNoDatasetBehind() throws IOException {
    CtrSchema schema = CtrSchema.criteo();
    Path bad = dir.resolve("bad.txt");
    Files.writeString(bad, CtrReaderTest.criteoLine(1, "1", "a") + "\n" + "1\t2\n");
    CtrTransforms t = CtrTransforms.unfitted(schema, TransformOptions.criteo());
    t.finishFit();
    assertThatThrownBy(
            () -> CtrPreprocessor.write(bad, schema, t, BadRowPolicy.ERROR, dir.resolve("ds")))
        .hasMessageContaining("bad.txt:2: expected 40 fields, found 2");
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("bad.txt");
    }
    assertThatThrownBy(() -> CtrDataset.open(dir.resolve("ds")))
        .hasMessageContaining("run 'recsys4j preprocess'");
  }
}
