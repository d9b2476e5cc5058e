package org.recsys4j.models.ctr;

import java.util.List;
import org.recsys4j.models.dcn.DcnV2;
import org.recsys4j.models.deepfm.DeepFm;
import org.recsys4j.models.dlrm.Dlrm;
import org.recsys4j.models.fm.FactorizationMachine;
import org.recsys4j.models.lr.LogisticRegression;
import org.recsys4j.models.widedeep.WideDeep;

/** Creates CTR models by type name. */
public final class CtrModels {
  /** The type names {@link #create} knows. */
  public static final List<String> TYPES = List.of("lr", "fm", "deepfm", "widedeep", "dcnv2", "dlrm");

  private CtrModels() {}

  public static boolean isCtr(String type) {
    return TYPES.contains(type);
  }

  public static CtrModel create(CtrConfig c, int denseCount, int[] cardinalities, int[] bagCardinalities, long seed) {
    return switch (c.model()) {
      case "lr" -> new LogisticRegression(c, denseCount, cardinalities, bagCardinalities, seed);
      case "fm" -> new FactorizationMachine(c, denseCount, cardinalities, bagCardinalities, seed);
      case "deepfm" -> new DeepFm(c, denseCount, cardinalities, bagCardinalities, seed);
      case "widedeep" -> new WideDeep(c, denseCount, cardinalities, bagCardinalities, seed);
      case "dcnv2" -> new DcnV2(c, denseCount, cardinalities, bagCardinalities, seed);
      case "dlrm" -> new Dlrm(c, denseCount, cardinalities, bagCardinalities, seed);
      default -> throw new IllegalArgumentException("unknown CTR model '" + c.model() + "': expected one of " + TYPES);
    };
  }
}
