package org.recsys4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recsys4j.core.Parallel;
import org.recsys4j.data.ctr.CtrDataset;
import org.recsys4j.eval.CtrEvaluator;
import org.recsys4j.models.ModelFamily;
import org.recsys4j.models.RankingModel;

/**
 * Bundles written by the build before the unified format (version 1: {@code recsys4j-bundle} for
 * ranking, {@code recsys4j-ctr-bundle} for CTR) still load, and answer exactly as that build did:
 * the recommendations and evaluation it printed are stored beside them in {@code bundles-v1/}.
 */
class BundleFormatV1Test {
  private static Path resource(String name) throws Exception {
    return Path.of(BundleFormatV1Test.class.getResource("/bundles-v1/" + name).toURI());
  }

  @Test
  void aVersion1RankingBundleLoadsAndRecommendsAsItDid() throws Exception {
    ModelBundle b = ModelBundle.load(resource("mf-v1"), Parallel.serial());
    assertThat(b.family()).isEqualTo(ModelFamily.RANKING);
    assertThat(b.manifest().path("format_version").asInt()).isEqualTo(1);
    RankingModel m = b.rankingModel("test");
    int u = b.users().indexOf("u3");
    int[] seen =
        java.util.Arrays.copyOfRange(
            b.train().items(), b.train().userPtr()[u], b.train().userPtr()[u + 1]);
    int[] top = m.recommend(u, 5, seen);
    float[] scores = m.scores(u);
    List<String> recorded = Files.readAllLines(resource("mf-recommend-u3.txt"));
    for (int r = 0; r < 5; r++) {
      String line =
          (r + 1)
              + "\t"
              + b.items().rawId(top[r])
              + "\t"
              + String.format(java.util.Locale.ROOT, "%.6f", scores[top[r]]);
      assertThat(line).isEqualTo(recorded.get(r + 1));
    }
  }

  @Test
  void aVersion1CtrBundleLoadsAndScoresAsItDid() throws Exception {
    ModelBundle b = ModelBundle.load(resource("fm-v1"), Parallel.serial());
    assertThat(b.family()).isEqualTo(ModelFamily.CTR);
    assertThat(b.manifest().path("format").asText()).isEqualTo("recsys4j-ctr-bundle");
    Map<String, Double> m;
    try (Parallel par = new Parallel(1)) {
      m = CtrEvaluator.evaluate(b.ctrModel("test"), CtrDataset.open(resource("fm-test-data")), par);
    }
    JsonNode recorded = new ObjectMapper().readTree(resource("fm-eval.json").toFile());
    // recorded with vector-512 kernels; another vector width may move the last bits of a logit
    var close = org.assertj.core.data.Offset.offset(1e-6);
    assertThat(m.get("auc")).isCloseTo(recorded.path("auc").asDouble(), close);
    assertThat(m.get("logloss")).isCloseTo(recorded.path("logloss").asDouble(), close);
    assertThat(m.get("accuracy")).isCloseTo(recorded.path("accuracy").asDouble(), close);
  }
}
