package org.recsys4j.core;

import java.util.Arrays;

/**
 * A dense float32 tensor: a shape over a primitive array, row-major, starting at an offset. Views
 * share the array; nothing here is per-element virtual. Rank 1 and 2 cover the models in this
 * project; higher ranks are stored the same way.
 */
public final class Tensor {
  private final int[] shape;
  private final float[] data;
  private final int offset;
  private final int size;

  private Tensor(float[] data, int offset, int[] shape) {
    long n = 1;
    for (int s : shape) {
      if (s < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= s;
    }
    if (n > Integer.MAX_VALUE || offset + n > data.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " at offset "
              + offset
              + " needs "
              + n
              + " floats, array has "
              + (data.length - offset));
    }
    this.shape = shape.clone();
    this.data = data;
    this.offset = offset;
    this.size = (int) n;
  }

  /** A new zero tensor. */
  public static Tensor zeros(int... shape) {
    long n = 1;
    for (int s : shape) {
      n *= s;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "tensor of shape " + Arrays.toString(shape) + " exceeds 2^31 floats");
    }
    return new Tensor(new float[(int) Math.max(0, n)], 0, shape);
  }

  /** Wraps an array (no copy). */
  public static Tensor of(float[] data, int... shape) {
    return new Tensor(data, 0, shape);
  }

  /** Wraps a slice of an array (no copy). */
  public static Tensor view(float[] data, int offset, int... shape) {
    return new Tensor(data, offset, shape);
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int i) {
    return shape[i];
  }

  public int[] shape() {
    return shape.clone();
  }

  /** Rows of a rank-2 tensor; the length of a rank-1 tensor; 1 for a scalar. */
  public int rows() {
    return shape.length == 0 ? 1 : shape[0];
  }

  /** Columns of a rank-2 tensor; 1 for rank 0 and 1. */
  public int cols() {
    return shape.length < 2 ? 1 : size / Math.max(1, shape[0]);
  }

  public int size() {
    return size;
  }

  public float[] data() {
    return data;
  }

  public int offset() {
    return offset;
  }

  public float get(int i) {
    return data[offset + i];
  }

  public float get(int r, int c) {
    return data[offset + r * cols() + c];
  }

  public void set(int i, float v) {
    data[offset + i] = v;
  }

  public void set(int r, int c, float v) {
    data[offset + r * cols() + c] = v;
  }

  /** A copy of the values in this tensor's range. */
  public float[] toArray() {
    return Arrays.copyOfRange(data, offset, offset + size);
  }

  public Tensor copy() {
    return new Tensor(toArray(), 0, shape);
  }

  public void fill(float v) {
    Arrays.fill(data, offset, offset + size, v);
  }

  /** True if the shapes are equal. */
  public boolean sameShape(Tensor o) {
    return Arrays.equals(shape, o.shape);
  }

  @Override
  public String toString() {
    return "Tensor" + Arrays.toString(shape);
  }
}
