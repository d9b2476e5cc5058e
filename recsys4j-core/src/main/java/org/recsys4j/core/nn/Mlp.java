package org.recsys4j.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.recsys4j.core.Rng;
import org.recsys4j.core.autograd.Tape;
import org.recsys4j.core.autograd.Variable;

/**
 * A stack of {@link Linear} layers with ReLU between them, described as DLRM's architecture strings
 * describe it: {@code "13-512-256-64"} is three layers from 13 inputs. Whether the last layer is
 * followed by a ReLU too is the caller's choice (DLRM's bottom MLP: yes; a top MLP that ends in a
 * logit: no).
 */
public final class Mlp {
  private final List<Linear> layers = new ArrayList<>();
  private final boolean reluLast;

  public Mlp(ParameterSet params, String name, int[] sizes, boolean reluLast, Rng rng) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException(
          name
              + ": an MLP needs at least an input and an output size, got "
              + sizes.length
              + " sizes");
    }
    for (int i = 0; i + 1 < sizes.length; i++) {
      layers.add(new Linear(params, name + "." + i, sizes[i], sizes[i + 1], rng));
    }
    this.reluLast = reluLast;
  }

  /**
   * Parses {@code "13-512-256-1"} (input first) into sizes; the message names {@code option} when
   * malformed.
   */
  public static int[] parseSizes(String option, String arch) {
    return parse(option, arch, 2, "input-output");
  }

  /**
   * Parses layer sizes without the input ({@code "512-256-1"}, or one size); the caller knows the
   * input.
   */
  public static int[] parseLayers(String option, String arch) {
    return parse(option, arch, 1, "one layer");
  }

  private static int[] parse(String option, String arch, int min, String what) {
    String[] parts = arch.trim().split("-");
    int[] sizes = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        sizes[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        sizes[i] = -1;
      }
      if (sizes[i] < 1) {
        throw new IllegalArgumentException(
            option
                + " '"
                + arch
                + "': expected layer sizes separated by '-', "
                + "each a positive integer (e.g. 512-256-1), got '"
                + parts[i]
                + "'");
      }
    }
    if (sizes.length < min) {
      throw new IllegalArgumentException(option + " '" + arch + "': expected at least " + what);
    }
    return sizes;
  }

  public int in() {
    return layers.get(0).in();
  }

  public int out() {
    return layers.get(layers.size() - 1).out();
  }

  public List<Linear> layers() {
    return List.copyOf(layers);
  }

  public Variable forward(Tape tape, Variable x) {
    Variable h = x;
    for (int i = 0; i < layers.size(); i++) {
      boolean relu = i + 1 < layers.size() || reluLast;
      h = relu ? layers.get(i).forwardRelu(tape, h) : layers.get(i).forward(tape, h);
    }
    return h;
  }
}
