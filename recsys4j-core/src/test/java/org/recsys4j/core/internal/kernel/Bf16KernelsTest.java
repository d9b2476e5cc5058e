package org.recsys4j.core.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.recsys4j.core.Bf16;
import org.recsys4j.core.Rng;
import org.recsys4j.core.kernel.Kernels;

/**
 * The bfloat16 format (rounding, layout) and its kernels: vector and scalar twins give the same
 * bits, and the SpMMs equal the float SpMM on inputs that bfloat16 represents exactly.
 */
class Bf16KernelsTest {
  private static final int[] DIMS = {16, 32, 48, 64, 80, 96, 128, 144};
  private final Kernels vec = new VectorKernels();
  private final Kernels sca = new ScalarKernels();
  private final long seed = Long.getLong("test.seed", 20261123L);

  @Test
  void roundsToNearestEvenAndKeepsSpecialValues() {
    assertThat(Bf16.round(1f)).isEqualTo(0x3F80);
    assertThat(Bf16.round(-2f)).isEqualTo(0xC000);
    // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties go to the even mantissa (1.0)
    assertThat(Bf16.round(Float.intBitsToFloat(0x3F808000))).isEqualTo(0x3F80);
    // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 (odd) and 1 + 2^-6: up to even
    assertThat(Bf16.round(Float.intBitsToFloat(0x3F818000))).isEqualTo(0x3F82);
    assertThat(Bf16.round(Float.intBitsToFloat(0x3F808001))).isEqualTo(0x3F81);
    assertThat(Bf16.widen(Bf16.round(Float.POSITIVE_INFINITY))).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(Bf16.widen(Bf16.round(-Float.MAX_VALUE))).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(Bf16.widen(Bf16.round(Float.NaN))).isNaN();
    // a NaN whose payload sits only in the low bits must not round into infinity
    assertThat(Bf16.widen(Bf16.round(Float.intBitsToFloat(0x7F800001)))).isNaN();
    assertThat(Float.floatToRawIntBits(Bf16.widen(Bf16.round(-0f)))).isEqualTo(0x80000000);
  }

  @Test
  void roundingErrorIsAtMostHalfAUnitInTheLastPlace() {
    Rng r = new Rng(seed);
    for (int i = 0; i < 100_000; i++) {
      float f = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4));
      float b = Bf16.widen(Bf16.round(f));
      assertThat((double) Math.abs(b - f)).isLessThanOrEqualTo(Math.abs(f) * Math.pow(2, -8));
    }
  }

  @Test
  void packAndUnpackFollowTheBlockLayout() {
    float[] row = new float[32];
    for (int q = 0; q < 32; q++) {
      row[q] = q + 1;
    }
    int[] packed = new int[16];
    Bf16.pack(row, 0, packed, 0, 32);
    // int i of a block: value i low, value 8 + i high
    assertThat(packed[0]).isEqualTo(Bf16.round(1f) | (Bf16.round(9f) << 16));
    assertThat(packed[9]).isEqualTo(Bf16.round(18f) | (Bf16.round(26f) << 16));
    float[] back = new float[32];
    Bf16.unpack(packed, 0, back, 0, 32);
    assertThat(back).containsExactly(row); // small integers are exact in bfloat16
    assertThatThrownBy(() -> Bf16.checkRowLength(24, "--dim"))
        .hasMessageContaining("multiple of 16");
  }

  @Test
  void toBf16AndAddMatchScalarBitForBit() {
    Rng r = new Rng(seed + 1);
    for (int n : new int[] {16, 32, 48, 80, 96, 1024}) {
      float[] src = rand(r, n + 5);
      src[5] = Float.NaN;
      src[6] = Float.POSITIVE_INFINITY;
      src[7] = -0f;
      src[8] = Float.intBitsToFloat(0x3F808000); // a tie
      int[] a = new int[n / 2 + 3];
      int[] b = new int[n / 2 + 3];
      vec.toBf16(src, 5, a, 3, n);
      sca.toBf16(src, 5, b, 3, n);
      assertThat(a).as("toBf16 n=%d", n).containsExactly(b);
      float[] y1 = rand(r, n + 2);
      float[] y2 = y1.clone();
      vec.addBf16(a, 3, y1, 2, n);
      sca.addBf16(a, 3, y2, 2, n);
      assertBits(y2, y1, "addBf16 n=" + n);
    }
  }

  @Test
  void spmmKernelsMatchScalarBitForBitAndTheFloatSpmm() {
    Rng r = new Rng(seed + 2);
    for (int d : DIMS) {
      int rows = 41;
      int cols = 29;
      int[] ptr = new int[rows + 1];
      int[] idx = new int[rows * 12];
      float[] val = new float[rows * 12];
      int nnz = 0;
      for (int i = 0; i < rows; i++) {
        int deg = r.nextInt(12);
        for (int j = 0; j < deg; j++) {
          idx[nnz] = r.nextInt(cols);
          val[nnz++] = (float) r.nextGaussian();
        }
        ptr[i + 1] = nnz;
      }
      // inputs that bfloat16 holds exactly, so the float SpMM is a reference for the sums
      float[] xf = rand(r, cols * d);
      int[] x = new int[cols * d / 2];
      Bf16.pack(xf, 0, x, 0, xf.length);
      Bf16.unpack(x, 0, xf, 0, xf.length);
      float[] ref = new float[rows * d];
      sca.spmm(ptr, idx, val, xf, d, ref, 0, rows);

      int[] y1 = new int[rows * d / 2];
      int[] y2 = new int[rows * d / 2];
      vec.spmmBf16(ptr, idx, val, x, d, y1, 2, rows);
      sca.spmmBf16(ptr, idx, val, x, d, y2, 2, rows);
      assertThat(y1).as("spmmBf16 d=%d", d).containsExactly(y2);
      for (int i = 2 * d; i < rows * d; i++) {
        float got = Bf16.get(y1, (i / d) * (d / 2), i % d);
        assertThat((double) got)
            .as("spmmBf16 vs float d=%d index %d", d, i)
            .isCloseTo(
                ref[i], org.assertj.core.data.Offset.offset(Math.abs(ref[i]) * 0x1p-8 + 1e-5));
      }

      float[] a1 = rand(r, rows * d);
      float[] a2 = a1.clone();
      float[] base = a1.clone();
      vec.spmmBf16Add(ptr, idx, val, x, d, a1, 1, rows - 1);
      sca.spmmBf16Add(ptr, idx, val, x, d, a2, 1, rows - 1);
      assertBits(a2, a1, "spmmBf16Add d=" + d);
      for (int i = 0; i < rows * d; i++) {
        int row = i / d;
        double expect = row >= 1 && row < rows - 1 ? base[i] + ref[i] : base[i];
        assertThat((double) a1[i])
            .isCloseTo(expect, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(expect))));
      }

      int[] list = {5, 0, 40, 5, 17};
      float[] c1 = new float[3 + list.length * d];
      float[] c2 = new float[3 + list.length * d];
      vec.spmmRowsBf16(ptr, idx, val, x, d, list, 1, list.length, c1, 3);
      sca.spmmRowsBf16(ptr, idx, val, x, d, list, 1, list.length, c2, 3);
      assertBits(c2, c1, "spmmRowsBf16 d=" + d);
      for (int t = 1; t < list.length; t++) {
        for (int c = 0; c < d; c++) {
          assertThat((double) c1[3 + (t - 1) * d + c])
              .isCloseTo(
                  ref[list[t] * d + c],
                  org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(ref[list[t] * d + c]))));
        }
      }
    }
  }

  private static float[] rand(Rng r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  private static void assertBits(float[] exp, float[] act, String what) {
    assertThat(act).hasSameSizeAs(exp);
    for (int i = 0; i < exp.length; i++) {
      assertThat(Float.floatToRawIntBits(act[i]))
          .as("%s index %d", what, i)
          .isEqualTo(Float.floatToRawIntBits(exp[i]));
    }
  }
}
