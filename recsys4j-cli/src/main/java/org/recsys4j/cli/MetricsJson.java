package org.recsys4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.recsys4j.core.io.AtomicFiles;
import org.recsys4j.train.EpochStats;
import org.recsys4j.train.TrainReport;

/**
 * Writes {@code --metrics-out}: {@code {"model", "final": {"recall@20": ...}, "best_epoch",
 * "selected_by" ("validation" or "last-epoch"), "epochs": [{"epoch", "train_seconds", "loss",
 * "recall@20", "valid_recall@20", ...}], "evaluations": [{"epoch", "step", "seconds", ...}]}},
 * atomically. Scripts depend on these keys.
 */
final class MetricsJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MetricsJson() {}

  static ObjectNode base(String model, Map<String, Double> fin) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model);
    ObjectNode f = root.putObject("final");
    fin.forEach(f::put);
    return root;
  }

  static ObjectNode train(TrainReport r) {
    ObjectNode root = base(r.model(), r.best());
    root.put("best_epoch", r.bestEpoch());
    root.put("total_seconds", r.totalSeconds());
    root.put("stopped_early", r.stoppedEarly());
    root.put("selected_by", r.selectedBy());
    ArrayNode epochs = root.putArray("epochs");
    for (EpochStats s : r.epochs()) {
      ObjectNode e = epochs.addObject();
      e.put("epoch", s.epoch());
      e.put("train_seconds", s.trainSeconds());
      e.put("loss", s.loss());
      if (!s.metrics().isEmpty()) {
        e.put("eval_seconds", s.evalSeconds());
        s.metrics().forEach(e::put);
      }
    }
    ArrayNode evals = root.putArray("evaluations");
    for (TrainReport.Evaluation e : r.evaluations()) {
      ObjectNode o = evals.addObject();
      o.put("epoch", e.epoch());
      o.put("step", e.step());
      o.put("seconds", e.seconds());
      e.metrics().forEach(o::put);
    }
    return root;
  }

  static void write(Path file, ObjectNode node) {
    try {
      AtomicFiles.writeString(file, JSON.writeValueAsString(node) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write --metrics-out " + file + ": " + e.getMessage(), e);
    }
  }
}
