package org.recsys4j.data.ctr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.data.IdMap;

class NodeEmbeddingJoinTest {
  @TempDir Path dir;

  private Path export() throws Exception {
    Path e = dir.resolve("export");
    Files.createDirectories(e);
    IdMap users = new IdMap();
    users.add("alice");
    users.add("bob");
    IdMap items = new IdMap();
    items.add("x");
    users.save(e.resolve("users.txt"));
    items.save(e.resolve("items.txt"));
    Map<String, SafeTensors.Entry> t = new LinkedHashMap<>();
    t.put("user_embedding", SafeTensors.Entry.f32(new float[] {1, 2, 3, 4}, 2, 2));
    t.put("item_embedding", SafeTensors.Entry.f32(new float[] {5, 6}, 1, 2));
    t.put("user_cold", SafeTensors.Entry.f32(new float[] {-1, -1}, 2));
    t.put("item_cold", SafeTensors.Entry.f32(new float[] {-2, -2}, 2));
    SafeTensors.write(e.resolve("embeddings.safetensors"), t, Map.of("version", "v1"));
    return e;
  }

  private static final CtrSchema SCHEMA =
      new CtrSchema(
          List.of(
              new CtrColumn("label", ColumnRole.LABEL),
              new CtrColumn("user", ColumnRole.CATEGORICAL),
              new CtrColumn("item", ColumnRole.CATEGORICAL),
              new CtrColumn("age", ColumnRole.CONTINUOUS)),
          ',',
          true);

  private static RawRow row(String user, String item, double age) {
    RawRow r = new RawRow(SCHEMA);
    r.categorical[0] = user;
    r.categorical[1] = item;
    r.continuous[0] = age;
    return r;
  }

  @Test
  void joinsVectorsByRawIdWithTheColdVectorForUnknownIdsAndSurvivesSaveAndLoad() throws Exception {
    NodeEmbeddingJoin j = NodeEmbeddingJoin.fromExport(export(), "user", "item");
    assertThat(j.width()).isEqualTo(4);
    assertThat(j.version()).isEqualTo("v1");
    CtrTransforms t =
        CtrTransforms.fit(
                new RowSource() {
                  @Override
                  public String name() {
                    return "rows";
                  }

                  @Override
                  public CtrTextReader.Stats read(java.util.function.Consumer<RawRow> sink) {
                    sink.accept(row("alice", "x", 30));
                    sink.accept(row("bob", "x", 40));
                    return new CtrTextReader.Stats(2, 0, List.of());
                  }
                },
                SCHEMA,
                TransformOptions.standard())
            .withJoin(j);
    assertThat(t.denseCount()).isEqualTo(5);
    assertThat(t.denseNames())
        .containsExactly("age", "user_emb0", "user_emb1", "item_emb0", "item_emb1");
    float[] dense = new float[5];
    int[] cat = new int[2];
    int[][] multi = new int[0][];
    t.apply(row("bob", "x", 35), dense, cat, multi);
    assertThat(dense).containsExactly(0f, 3f, 4f, 5f, 6f);
    t.apply(row("carol", "y", 35), dense, cat, multi);
    assertThat(dense).containsExactly(0f, -1f, -1f, -2f, -2f);
    Path saved = dir.resolve("saved");
    Files.createDirectories(saved);
    t.save(saved);
    CtrTransforms back = CtrTransforms.load(saved);
    float[] again = new float[5];
    back.apply(row("bob", "x", 35), again, cat, multi);
    assertThat(again).containsExactly(0f, 3f, 4f, 5f, 6f);
    assertThat(back.join().version()).isEqualTo("v1");
  }

  @Test
  void anExportWithoutColdVectorsOrAWrongColumnIsNamed() throws Exception {
    Path e = export();
    assertThatThrownBy(
            () ->
                CtrTransforms.unfitted(SCHEMA, TransformOptions.standard())
                    .withJoin(NodeEmbeddingJoin.fromExport(e, "buyer", null)))
        .hasMessageContaining("'buyer', which is not a categorical column");
    Map<String, SafeTensors.Entry> t = new LinkedHashMap<>();
    t.put("user_embedding", SafeTensors.Entry.f32(new float[] {1, 2, 3, 4}, 2, 2));
    SafeTensors.write(e.resolve("embeddings.safetensors"), t, Map.of());
    assertThatThrownBy(() -> NodeEmbeddingJoin.fromExport(e, "user", null))
        .hasMessageContaining("user_cold");
  }

  @Test
  void aRowJoinsTheLatestSnapshotWhoseGraphEndsBeforeIt() throws Exception {
    Path early = export();
    Path late = dir.resolve("late");
    Files.createDirectories(late);
    for (String f : new String[] {"users.txt", "items.txt"}) {
      Files.copy(early.resolve(f), late.resolve(f));
    }
    Map<String, SafeTensors.Entry> t = new LinkedHashMap<>();
    t.put("user_embedding", SafeTensors.Entry.f32(new float[] {10, 20, 30, 40}, 2, 2));
    t.put("item_embedding", SafeTensors.Entry.f32(new float[] {50, 60}, 1, 2));
    t.put("user_cold", SafeTensors.Entry.f32(new float[] {-1, -1}, 2));
    t.put("item_cold", SafeTensors.Entry.f32(new float[] {-2, -2}, 2));
    SafeTensors.write(
        late.resolve("embeddings.safetensors"),
        t,
        Map.of("version", "v2", "graph_cut_time", "200"));
    Map<String, SafeTensors.Entry> e =
        SafeTensors.read(early.resolve("embeddings.safetensors"), null);
    SafeTensors.write(
        early.resolve("embeddings.safetensors"),
        e,
        Map.of("version", "v1", "graph_cut_time", "100"));
    NodeEmbeddingJoin j = NodeEmbeddingJoin.fromExports(List.of(late, early), "user", null);
    assertThat(j.version()).isEqualTo("v1,v2");
    assertThat(j.earliestCut()).isEqualTo(100);
    CtrTransforms tr = CtrTransforms.unfitted(SCHEMA, TransformOptions.standard());
    tr.finishFit();
    tr = tr.withJoin(j);
    float[] dense = new float[3];
    RawRow r = row("alice", "x", 30);
    r.time = 150;
    tr.apply(r, dense, new int[2], new int[0][]);
    assertThat(dense[1]).isEqualTo(1f); // the graph cut at 100
    r.time = 200;
    tr.apply(r, dense, new int[2], new int[0][]);
    assertThat(dense[1]).isEqualTo(10f); // the graph cut at 200
    r.time = Long.MAX_VALUE; // a row without time (predict): the latest
    tr.apply(r, dense, new int[2], new int[0][]);
    assertThat(dense[1]).isEqualTo(10f);
  }
}
