package org.recsys4j.core.internal.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * bfloat16 kernels for {@link VectorKernels}: the {@link org.recsys4j.core.Bf16} layout packs a
 * block of 16 values into 8 ints, so one int vector yields its two float halves with a shift
 * ({@code << 16}) and a mask ({@code & 0xFFFF0000}). The SpMMs read neighbour rows of half the
 * bytes of float rows, which is what they are bound by.
 *
 * <p>On 512-bit machines the float-output SpMM works on two layout blocks (32 values) per int
 * vector and puts the halves back in order once per output row ({@code SpmmBench.bf16}: on AVX-512
 * the 256-bit loop did twice the shifts and FMAs of the 512-bit float SpMM per neighbour and was
 * slower than it). Sums and their order are those of the scalar twin (fused multiply-adds in CSR
 * order) on either width.
 */
final class VectorBf16 {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
  private static final int HIGH = 0xFFFF0000;

  /**
   * 512-bit species, used when the machine's preferred vectors are that wide ({@code
   * -Drecsys4j.bf16.wide=false} keeps 256 bits, for comparisons).
   */
  private static final boolean WIDE =
      FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512
          && Boolean.parseBoolean(System.getProperty("recsys4j.bf16.wide", "true"));

  private static final VectorSpecies<Float> F16 = FloatVector.SPECIES_512;
  private static final VectorSpecies<Integer> I16 = IntVector.SPECIES_512;

  /** Values 0-15 of two blocks from their low and high halves: [lo 0-7, hi 0-7]. */
  private static final jdk.incubator.vector.VectorShuffle<Float> FIRST =
      jdk.incubator.vector.VectorShuffle.fromValues(
          F16, 0, 1, 2, 3, 4, 5, 6, 7, -16, -15, -14, -13, -12, -11, -10, -9);

  /** Values 16-31 of two blocks: [lo 8-15, hi 8-15]. */
  private static final jdk.incubator.vector.VectorShuffle<Float> SECOND =
      jdk.incubator.vector.VectorShuffle.fromValues(
          F16, 8, 9, 10, 11, 12, 13, 14, 15, -8, -7, -6, -5, -4, -3, -2, -1);

  private VectorBf16() {}

  private static FloatVector low(IntVector v) {
    return v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
  }

  private static FloatVector high(IntVector v) {
    return v.lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats();
  }

  /** The bfloat16 bits of each lane in its low 16 bits (round to nearest even; NaN stays NaN). */
  private static IntVector round(FloatVector f) {
    IntVector bits = f.reinterpretAsInts();
    IntVector lsb = bits.lanewise(VectorOperators.LSHR, 16).lanewise(VectorOperators.AND, 1);
    IntVector rounded = bits.add(0x7FFF).add(lsb).lanewise(VectorOperators.LSHR, 16);
    VectorMask<Integer> nan =
        bits.lanewise(VectorOperators.AND, 0x7FFFFFFF).compare(VectorOperators.GT, 0x7F800000);
    if (!nan.anyTrue()) {
      return rounded;
    }
    IntVector quiet = bits.lanewise(VectorOperators.LSHR, 16).lanewise(VectorOperators.OR, 0x40);
    return rounded.blend(quiet, nan);
  }

  /**
   * One layout block: values {@code lo} (0-7) and {@code hi} (8-15) packed into 8 ints at {@code
   * y[yo]}.
   */
  private static void store(FloatVector lo, FloatVector hi, int[] y, int yo) {
    round(lo)
        .lanewise(VectorOperators.OR, round(hi).lanewise(VectorOperators.LSHL, 16))
        .intoArray(y, yo);
  }

  static void toBf16(float[] src, int so, int[] dst, int doff, int n) {
    for (int b = 0; b < n; b += 16) {
      store(
          FloatVector.fromArray(F, src, so + b),
          FloatVector.fromArray(F, src, so + b + 8),
          dst,
          doff + b / 2);
    }
  }

  static void addBf16(int[] x, int xo, float[] y, int yo, int n) {
    for (int b = 0; b < n; b += 16) {
      IntVector v = IntVector.fromArray(I, x, xo + b / 2);
      int o = yo + b;
      low(v).add(FloatVector.fromArray(F, y, o)).intoArray(y, o);
      high(v).add(FloatVector.fromArray(F, y, o + 8)).intoArray(y, o + 8);
    }
  }

  static void spmm(
      int[] rowPtr, int[] cols, float[] vals, int[] x, int d, int[] y, int rowFrom, int rowTo) {
    // Each row is summed into a float scratch row (in L1) and packed from there: packing straight
    // from the accumulators passed vectors to a helper that the JIT did not inline into this large
    // loop, and boxing them made the kernel about twice as slow (as slow as the float SpMM).
    float[] row = new float[d];
    for (int r = rowFrom; r < rowTo; r++) {
      spmmFloat(rowPtr, cols, vals, x, d, null, r, r + 1, row, 0, false);
      toBf16(row, 0, y, r * (d / 2), d);
    }
  }

  /**
   * Float output: overwrites (or, with {@code add}, adds into) {@code y[yOff + (t - from) * d ...]}
   * for row {@code rows == null ? t : rows[t]}, {@code t in [from, to)}. The vector work is written
   * inline, not through helpers taking vectors: a helper the JIT declines to inline boxes its
   * vectors.
   */
  static void spmmFloat(
      int[] rowPtr,
      int[] cols,
      float[] vals,
      int[] x,
      int d,
      int[] rows,
      int from,
      int to,
      float[] y,
      int yOff,
      boolean add) {
    if (WIDE) {
      spmmFloatWide(rowPtr, cols, vals, x, d, rows, from, to, y, yOff, add);
      return;
    }
    int dh = d / 2;
    for (int t = from; t < to; t++) {
      int r = rows == null ? t : rows[t];
      int start = rowPtr[r];
      int end = rowPtr[r + 1];
      int yo = yOff + (t - from) * d;
      int c = 0;
      for (; c + 16 <= dh; c += 16) {
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = FloatVector.zero(F);
        FloatVector a2 = FloatVector.zero(F);
        FloatVector a3 = FloatVector.zero(F);
        for (int j = start; j < end; j++) {
          FloatVector w = FloatVector.broadcast(F, vals[j]);
          int xo = cols[j] * dh + c;
          IntVector v0 = IntVector.fromArray(I, x, xo);
          IntVector v1 = IntVector.fromArray(I, x, xo + 8);
          a0 = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(w, a0);
          a1 = v0.lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats().fma(w, a1);
          a2 = v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(w, a2);
          a3 = v1.lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats().fma(w, a3);
        }
        int o = yo + 2 * c;
        if (add) {
          a0 = a0.add(FloatVector.fromArray(F, y, o));
          a1 = a1.add(FloatVector.fromArray(F, y, o + 8));
          a2 = a2.add(FloatVector.fromArray(F, y, o + 16));
          a3 = a3.add(FloatVector.fromArray(F, y, o + 24));
        }
        a0.intoArray(y, o);
        a1.intoArray(y, o + 8);
        a2.intoArray(y, o + 16);
        a3.intoArray(y, o + 24);
      }
      if (c < dh) { // d % 32 == 16: one last block on 256 bits
        lastBlock(cols, vals, start, end, x, dh, c, y, yo + 2 * c, add);
      }
    }
  }

  /**
   * {@link #spmmFloat} on 512-bit vectors: per neighbour one int load and one FMA per 16 values of
   * each half, as the float SpMM does per 16 floats; the two halves are interleaved back into value
   * order (a two-vector permute each) once per row and 32 values. A trailing single block ({@code d
   * % 32 == 16}) runs on 256 bits.
   */
  private static void spmmFloatWide(
      int[] rowPtr,
      int[] cols,
      float[] vals,
      int[] x,
      int d,
      int[] rows,
      int from,
      int to,
      float[] y,
      int yOff,
      boolean add) {
    int dh = d / 2;
    for (int t = from; t < to; t++) {
      int r = rows == null ? t : rows[t];
      int start = rowPtr[r];
      int end = rowPtr[r + 1];
      int yo = yOff + (t - from) * d;
      int c = 0;
      for (; c + 32 <= dh; c += 32) { // 64 values: two ints vectors of two blocks each
        FloatVector l0 = FloatVector.zero(F16);
        FloatVector h0 = FloatVector.zero(F16);
        FloatVector l1 = FloatVector.zero(F16);
        FloatVector h1 = FloatVector.zero(F16);
        for (int j = start; j < end; j++) {
          FloatVector w = FloatVector.broadcast(F16, vals[j]);
          int xo = cols[j] * dh + c;
          IntVector v0 = IntVector.fromArray(I16, x, xo);
          IntVector v1 = IntVector.fromArray(I16, x, xo + 16);
          l0 = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(w, l0);
          h0 = v0.lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats().fma(w, h0);
          l1 = v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(w, l1);
          h1 = v1.lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats().fma(w, h1);
        }
        int o = yo + 2 * c;
        FloatVector o0 = l0.rearrange(FIRST, h0);
        FloatVector o1 = l0.rearrange(SECOND, h0);
        FloatVector o2 = l1.rearrange(FIRST, h1);
        FloatVector o3 = l1.rearrange(SECOND, h1);
        if (add) {
          o0 = o0.add(FloatVector.fromArray(F16, y, o));
          o1 = o1.add(FloatVector.fromArray(F16, y, o + 16));
          o2 = o2.add(FloatVector.fromArray(F16, y, o + 32));
          o3 = o3.add(FloatVector.fromArray(F16, y, o + 48));
        }
        o0.intoArray(y, o);
        o1.intoArray(y, o + 16);
        o2.intoArray(y, o + 32);
        o3.intoArray(y, o + 48);
      }
      for (; c + 16 <= dh; c += 16) { // 32 values
        FloatVector l0 = FloatVector.zero(F16);
        FloatVector h0 = FloatVector.zero(F16);
        for (int j = start; j < end; j++) {
          FloatVector w = FloatVector.broadcast(F16, vals[j]);
          IntVector v0 = IntVector.fromArray(I16, x, cols[j] * dh + c);
          l0 = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(w, l0);
          h0 = v0.lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats().fma(w, h0);
        }
        int o = yo + 2 * c;
        FloatVector o0 = l0.rearrange(FIRST, h0);
        FloatVector o1 = l0.rearrange(SECOND, h0);
        if (add) {
          o0 = o0.add(FloatVector.fromArray(F16, y, o));
          o1 = o1.add(FloatVector.fromArray(F16, y, o + 16));
        }
        o0.intoArray(y, o);
        o1.intoArray(y, o + 16);
      }
      if (c < dh) { // d % 32 == 16: one last block on 256 bits
        lastBlock(cols, vals, start, end, x, dh, c, y, yo + 2 * c, add);
      }
    }
  }

  /**
   * The last layout block of an output row (16 values) on 256 bits, when {@code d % 32 == 16}; it
   * takes arrays and indices only, so it may stay out of line without boxing any vector.
   */
  private static void lastBlock(
      int[] cols,
      float[] vals,
      int start,
      int end,
      int[] x,
      int dh,
      int c,
      float[] y,
      int o,
      boolean add) {
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = FloatVector.zero(F);
    for (int j = start; j < end; j++) {
      FloatVector w = FloatVector.broadcast(F, vals[j]);
      IntVector v0 = IntVector.fromArray(I, x, cols[j] * dh + c);
      a0 = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(w, a0);
      a1 = v0.lanewise(VectorOperators.AND, HIGH).reinterpretAsFloats().fma(w, a1);
    }
    if (add) {
      a0 = a0.add(FloatVector.fromArray(F, y, o));
      a1 = a1.add(FloatVector.fromArray(F, y, o + 8));
    }
    a0.intoArray(y, o);
    a1.intoArray(y, o + 8);
  }
}
