package org.recsys4j.data.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.CsrMatrix;
import org.recsys4j.data.IdMap;
import org.recsys4j.data.impressions.NodeSchema;
import org.recsys4j.data.impressions.NodeTable;

class NodeFeaturesTest {
  private static final NodeSchema SCHEMA =
      new NodeSchema(
          "items",
          List.of(
              new NodeSchema.Column("id", NodeSchema.Role.ID, null),
              new NodeSchema.Column("year", NodeSchema.Role.CONTINUOUS, null),
              new NodeSchema.Column("kind", NodeSchema.Role.CATEGORICAL, null),
              new NodeSchema.Column("genres", NodeSchema.Role.MULTI_HOT, "|"),
              new NodeSchema.Column("title", NodeSchema.Role.TEXT, null)),
          ',',
          true);

  private static NodeTable table() {
    Map<String, String[]> rows = new LinkedHashMap<>();
    rows.put("a", new String[] {"1990", "film", "Drama|Comedy", "The Big Sleep"});
    rows.put("b", new String[] {"2000", "film", "Drama", "Sleep sleep"});
    rows.put("c", new String[] {"", "series", "", ""});
    rows.put("new", new String[] {"2010", "podcast", "Horror", "Big"});
    return new NodeTable(SCHEMA, rows, "items.csv");
  }

  private static IdMap ids(String... raw) {
    IdMap m = new IdMap();
    for (String r : raw) {
      m.add(r);
    }
    return m;
  }

  @Test
  void fitsOnTrainingNodesAndEncodesEveryKind() {
    IdMap ids = ids("a", "b", "c", "new", "no-row");
    NodeFeatures f = NodeFeatures.fit(table(), ids, 3, 16, "items");
    // year 1 + kind (missing, oov, film, series) 4 + genres (missing, oov, Drama, Comedy) 4 + 18
    assertThat(f.width()).isEqualTo(1 + 4 + 4 + 18);
    CsrMatrix m = f.encode(table(), ids);
    float[] dense = m.toDense();
    int w = f.width();
    // a: year (1990 - 1995) / std(1990, 2000) = -5 / 7.07
    assertThat(dense[0]).isCloseTo(-0.7071f, org.assertj.core.data.Offset.offset(1e-3f));
    // c: missing year -> 0, categorical 'series' present, genres missing -> the missing column
    assertThat(dense[2 * w]).isZero();
    assertThat(dense[2 * w + 5]).isEqualTo(1f); // genres: missing
    // new: an unseen kind and genre land in the out-of-vocabulary columns
    assertThat(dense[3 * w + 1 + 1]).isEqualTo(1f);
    assertThat(dense[3 * w + 5 + 1]).isEqualTo(1f);
    // b's title "Sleep sleep" is one word twice: a single column holding the whole mean
    int textFrom = 1 + 4 + 4;
    float sum = 0;
    int nonZero = 0;
    for (int j = textFrom; j < w; j++) {
      sum += dense[w + j];
      nonZero += dense[w + j] != 0 ? 1 : 0;
    }
    assertThat(sum).isEqualTo(1f);
    assertThat(nonZero).isEqualTo(1);
    // a node without a row is all-missing
    for (int j = 0; j < w; j++) {
      boolean missingColumn = j == 1 || j == 5 || j == textFrom;
      assertThat(dense[4 * w + j]).isEqualTo(missingColumn ? 1f : 0f);
    }
  }

  @Test
  void savedTransformsEncodeNewNodesExactlyAsTheFittedOnes() throws Exception {
    IdMap ids = ids("a", "b", "c", "new");
    NodeFeatures f = NodeFeatures.fit(table(), ids, 2, 32, "items");
    ObjectMapper json = new ObjectMapper();
    String saved = json.writeValueAsString(f.toJson(json));
    NodeFeatures back = NodeFeatures.fromJson(json.readTree(saved), "graph.json");
    assertThat(back.width()).isEqualTo(f.width());
    assertThat(back.encode(table(), ids).toDense()).isEqualTo(f.encode(table(), ids).toDense());
  }
}
