package org.recsys4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.Parallel;
import org.recsys4j.core.Tensor;
import org.recsys4j.core.nn.EmbeddingTable;
import org.recsys4j.core.nn.Parameter;
import org.recsys4j.core.nn.ParameterSet;

/** Sparse-row paths update exactly the touched rows, the same as the dense path would on them. */
class OptimizerTest {

  @Test
  void sparseRowUpdateMatchesDenseUpdateOnTouchedRowsAndLeavesOthers() {
    for (String name : new String[] {"sgd", "adagrad", "adam"}) {
      EmbeddingTable t = new EmbeddingTable("t", 5, 3);
      for (int i = 0; i < 15; i++) {
        t.weights()[i] = i * 0.1f;
      }
      Parameter p = new Parameter("p", Tensor.of(t.weights().clone(), 5, 3));
      ParameterSet sparse = new ParameterSet();
      sparse.add(t);
      ParameterSet dense = new ParameterSet();
      dense.add(p);
      Optimizer os = Optimizer.create(name, 0.1f);
      Optimizer od = Optimizer.create(name, 0.1f);
      float[] g = {1f, -2f, 0.5f, 3f, 0f, -1f};
      t.accumulateGrad(new int[] {1, 3}, 0, 2, g, 0);
      System.arraycopy(g, 0, p.grad().data(), 3, 3);
      System.arraycopy(g, 3, p.grad().data(), 9, 3);
      os.step(sparse, Parallel.serial());
      od.step(dense, Parallel.serial());
      for (int i = 0; i < 15; i++) {
        assertThat(t.weights()[i])
            .as("%s index %d", name, i)
            .isCloseTo(p.value().get(i), org.assertj.core.data.Offset.offset(1e-6f));
      }
      assertThat(t.weights()[0]).isEqualTo(0f);
      assertThat(t.touchedCount()).isZero();
    }
  }

  @Test
  void denseAdamOnTablesEqualsDenseParameterAdamOnEveryRow() {
    EmbeddingTable t = new EmbeddingTable("t", 4, 3);
    for (int i = 0; i < 12; i++) {
      t.weights()[i] = i * 0.1f;
    }
    Parameter p = new Parameter("p", Tensor.of(t.weights().clone(), 4, 3));
    ParameterSet sparse = new ParameterSet();
    sparse.add(t);
    ParameterSet dense = new ParameterSet();
    dense.add(p);
    Optimizer os = Optimizer.create("adam-dense", 0.1f);
    Optimizer od = Optimizer.create("adam", 0.1f);
    float[][] grads = {{1f, -2f, 0.5f}, {3f, 0f, -1f}};
    int[][] rows = {{1}, {3}};
    for (int step = 0; step < 2; step++) {
      t.accumulateGrad(rows[step], 0, 1, grads[step], 0);
      System.arraycopy(grads[step], 0, p.grad().data(), rows[step][0] * 3, 3);
      os.step(sparse, Parallel.serial());
      od.step(dense, Parallel.serial());
    }
    // row 1 had a gradient only in step 1, yet moves again in step 2 on its momentum
    for (int i = 0; i < 12; i++) {
      assertThat(t.weights()[i]).as("index %d", i).isEqualTo(p.value().get(i));
    }
  }

  @Test
  void adamMovesAgainstTheGradientByAboutLr() {
    Parameter p = new Parameter("p", Tensor.of(new float[] {1f, 1f}, 2));
    ParameterSet ps = new ParameterSet();
    ps.add(p);
    Optimizer adam = Optimizer.create("adam", 0.01f);
    p.grad().set(0, 5f);
    p.grad().set(1, -0.001f);
    adam.step(ps, Parallel.serial());
    assertThat(p.value().get(0)).isCloseTo(0.99f, org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(p.value().get(1)).isCloseTo(1.01f, org.assertj.core.data.Offset.offset(1e-4f));
    assertThat(p.grad().get(0)).isZero();
  }

  @Test
  void badOptionsNameTheProblem() {
    assertThatThrownBy(() -> Optimizer.create("adamw", 0.1f))
        .hasMessageContaining("unknown optimizer 'adamw'");
    assertThatThrownBy(() -> Optimizer.create("sgd", Float.NaN))
        .hasMessageContaining("learning rate");
  }
}
