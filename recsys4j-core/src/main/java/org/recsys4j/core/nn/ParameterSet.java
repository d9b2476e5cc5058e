package org.recsys4j.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The trainable state of a model: dense parameters and embedding tables, each given a slot in
 * registration order so that optimizer state is an array lookup.
 */
public final class ParameterSet {
  private final List<Parameter> dense = new ArrayList<>();
  private final List<EmbeddingTable> tables = new ArrayList<>();

  public Parameter add(Parameter p) {
    if (p.slot >= 0) {
      throw new IllegalStateException("parameter " + p.name() + " is already registered");
    }
    p.slot = dense.size();
    dense.add(p);
    return p;
  }

  public EmbeddingTable add(EmbeddingTable t) {
    if (t.slot >= 0) {
      throw new IllegalStateException("table " + t.name() + " is already registered");
    }
    t.slot = tables.size();
    tables.add(t);
    return t;
  }

  public List<Parameter> dense() {
    return Collections.unmodifiableList(dense);
  }

  public List<EmbeddingTable> tables() {
    return Collections.unmodifiableList(tables);
  }

  public void zeroGrad() {
    for (Parameter p : dense) {
      p.zeroGrad();
    }
    for (EmbeddingTable t : tables) {
      t.zeroGrad();
    }
  }
}
