package org.recsys4j.train;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.recsys4j.core.io.SafeTensors;
import org.recsys4j.core.nn.ParameterSet;
import org.recsys4j.core.optim.Optimizer;
import org.recsys4j.models.Model;

/**
 * A training checkpoint in one safetensors file, written atomically after each epoch: the model's
 * weights ({@code model.*}), the optimizer state ({@code optim.*}), the best weights so far ({@code
 * best.*}), and the trainer's state as JSON metadata. Because it is a single file renamed into
 * place, a run killed at any moment leaves either the previous or the new checkpoint.
 */
public final class Checkpoint {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The trainer's state at the end of an epoch. */
  public record State(
      String modelType,
      String configJson,
      String layout,
      int epochsDone,
      long optimizerSteps,
      List<EpochStats> history,
      int bestEpoch,
      Map<String, Double> best,
      long seed,
      int threads,
      int stepInEpoch,
      String settingsJson) {}

  private Checkpoint() {}

  static void save(
      Path file,
      Map<String, SafeTensors.Entry> weights,
      ParameterSet params,
      Optimizer opt,
      Map<String, float[]> bestWeights,
      State state) {
    Map<String, SafeTensors.Entry> t = new LinkedHashMap<>();
    weights.forEach((k, v) -> t.put("model." + k, v));
    opt.state(params).forEach((k, v) -> t.put("optim." + k, SafeTensors.Entry.f32(v, v.length)));
    if (bestWeights != null) {
      bestWeights.forEach((k, v) -> t.put("best." + k, SafeTensors.Entry.f32(v, v.length)));
    }
    try {
      SafeTensors.write(file, t, Map.of("recsys4j.checkpoint", JSON.writeValueAsString(state)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  /** Loaded contents; weights are applied by the trainer after it checks they fit. */
  record Loaded(State state, Map<String, SafeTensors.Entry> tensors) {}

  static Loaded load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no checkpoint to resume from at " + file);
    }
    try {
      Map<String, String> meta = new HashMap<>();
      Map<String, SafeTensors.Entry> t = SafeTensors.read(file, meta);
      String json = meta.get("recsys4j.checkpoint");
      if (json == null) {
        throw new IllegalArgumentException(
            file + " is not a recsys4j checkpoint (no trainer state)");
      }
      State s = JSON.readValue(json, new TypeReference<State>() {});
      return new Loaded(s, t);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
    }
  }

  /** Splits tensors by prefix ({@code model.}, {@code optim.}, {@code best.}), stripping it. */
  static Map<String, SafeTensors.Entry> withPrefix(
      Map<String, SafeTensors.Entry> all, String prefix) {
    Map<String, SafeTensors.Entry> m = new LinkedHashMap<>();
    all.forEach(
        (k, v) -> {
          if (k.startsWith(prefix)) {
            m.put(k.substring(prefix.length()), v);
          }
        });
    return m;
  }

  /**
   * Loads a checkpoint into live weights and optimizer state (names and sizes checked) and returns
   * the trainer's state with the best weights so far (null when none were stored).
   */
  static Resumed resumeInto(
      Path file,
      Map<String, SafeTensors.Entry> weights,
      ParameterSet params,
      Optimizer opt,
      String optimizerName) {
    Loaded ck = load(file);
    Model.copyInto(weights, withPrefix(ck.tensors(), "model."));
    Map<String, float[]> optState = opt.state(params);
    withPrefix(ck.tensors(), "optim.")
        .forEach(
            (k, v) -> {
              float[] dst = optState.get(k);
              if (dst == null || dst.length != v.floats().length) {
                throw new IllegalArgumentException(
                    "checkpoint optimizer state '"
                        + k
                        + "' does not fit optimizer "
                        + optimizerName);
              }
              System.arraycopy(v.floats(), 0, dst, 0, dst.length);
            });
    opt.restoreSteps(ck.state().optimizerSteps());
    Map<String, SafeTensors.Entry> bw = withPrefix(ck.tensors(), "best.");
    Map<String, float[]> best = null;
    if (!bw.isEmpty()) {
      best = new HashMap<>();
      for (Map.Entry<String, SafeTensors.Entry> e : bw.entrySet()) {
        best.put(e.getKey(), e.getValue().floats());
      }
    }
    return new Resumed(ck.state(), best);
  }

  /** What {@link #resumeInto} returns. */
  record Resumed(State state, Map<String, float[]> bestWeights) {}
}
