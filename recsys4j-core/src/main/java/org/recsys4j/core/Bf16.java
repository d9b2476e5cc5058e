package org.recsys4j.core;

/**
 * bfloat16 storage for rows of floats: the upper 16 bits of an IEEE float (8 exponent bits, 7
 * mantissa bits), rounded to nearest even. Graph propagation is limited by memory traffic (an SpMM
 * reads one embedding row per non-zero), and rows stored this way halve it; the arithmetic stays in
 * float.
 *
 * <p>Layout: a row of {@code d} values ({@code d} a multiple of {@link #BLOCK}) is {@code d / 2}
 * ints. Each block of 16 values is 8 ints, int {@code i} holding value {@code i} in its low half
 * and value {@code 8 + i} in its high half, so that a 256-bit vector kernel gets both halves as
 * floats with one shift and one mask, without shuffles. The scalar methods here define the format;
 * the kernels ({@link org.recsys4j.core.kernel.Kernels#toBf16} and the {@code spmm...Bf16} family)
 * follow them.
 */
public final class Bf16 {
  /** Values per layout block; row lengths must be a multiple of it. */
  public static final int BLOCK = 16;

  private Bf16() {}

  /**
   * The bfloat16 bits of {@code f} (low 16 bits of the result), rounded to nearest even; NaN stays
   * NaN.
   */
  public static int round(float f) {
    int bits = Float.floatToRawIntBits(f);
    if ((bits & 0x7FFFFFFF) > 0x7F800000) {
      return ((bits >>> 16) | 0x40)
          & 0xFFFF; // keep it a (quiet) NaN: rounding could carry into infinity
    }
    return (bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16;
  }

  /** The float whose upper bits are {@code h} (a bfloat16 value, low 16 bits used). */
  public static float widen(int h) {
    return Float.intBitsToFloat(h << 16);
  }

  /** Value {@code q} of the packed row starting at int {@code off}. */
  public static float get(int[] packed, int off, int q) {
    int w = packed[off + (q / BLOCK) * (BLOCK / 2) + (q % (BLOCK / 2))];
    return q % BLOCK < BLOCK / 2
        ? Float.intBitsToFloat(w << 16)
        : Float.intBitsToFloat(w & 0xFFFF0000);
  }

  /**
   * Packs {@code n} floats (a multiple of {@link #BLOCK}) from {@code src[so...]} into {@code
   * dst[doff...]}.
   */
  public static void pack(float[] src, int so, int[] dst, int doff, int n) {
    for (int b = 0; b < n; b += BLOCK) {
      for (int i = 0; i < BLOCK / 2; i++) {
        dst[doff + b / 2 + i] = round(src[so + b + i]) | (round(src[so + b + BLOCK / 2 + i]) << 16);
      }
    }
  }

  /**
   * Unpacks {@code n} values (a multiple of {@link #BLOCK}) from {@code src[so...]} into {@code
   * dst[doff...]}.
   */
  public static void unpack(int[] src, int so, float[] dst, int doff, int n) {
    for (int q = 0; q < n; q++) {
      dst[doff + q] = get(src, so, q);
    }
  }

  /** Checks that rows of {@code d} values can be stored in this layout. */
  public static void checkRowLength(int d, String what) {
    if (d <= 0 || d % BLOCK != 0) {
      throw new IllegalArgumentException(
          what + ": bfloat16 rows need a length that is a multiple of " + BLOCK + ", got " + d);
    }
  }
}
