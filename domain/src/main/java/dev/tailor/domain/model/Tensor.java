package dev.tailor.domain.model;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * A block of numbers in row-major order, laid out as PyTorch holds it: float32 values for everything a network
 * computes with, int64 for counters (a batch norm's {@code num_batches_tracked}). Immutable.
 */
public final class Tensor {
    /** Element types, named as safetensors names them. */
    public enum DType { F32, I64 }

    private final DType dtype;
    private final List<Integer> shape;
    private final float[] floats;
    private final long[] longs;

    /** A float32 tensor. */
    public Tensor(List<Integer> shape, float[] values) {
        this(DType.F32, shape, values.clone(), null, values.length);
    }

    private Tensor(DType dtype, List<Integer> shape, float[] floats, long[] longs, int length) {
        this.dtype = dtype;
        this.shape = List.copyOf(shape);
        long size = this.shape.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
        if (size != length) {
            throw new IllegalArgumentException("shape " + shape + " holds " + size + " values, got " + length);
        }
        this.floats = floats;
        this.longs = longs;
    }

    /** An int64 tensor. */
    public static Tensor int64(List<Integer> shape, long[] values) {
        return new Tensor(DType.I64, shape, null, values.clone(), values.length);
    }

    /** A tensor of {@code dtype} with every element equal to {@code value}. */
    public static Tensor filled(DType dtype, List<Integer> shape, int value) {
        int size = shape.stream().reduce(1, (a, b) -> a * b);
        return switch (dtype) {
            case F32 -> {
                float[] values = new float[size];
                Arrays.fill(values, value);
                yield new Tensor(DType.F32, shape, values, null, size);
            }
            case I64 -> {
                long[] values = new long[size];
                Arrays.fill(values, value);
                yield new Tensor(DType.I64, shape, null, values, size);
            }
        };
    }

    public DType dtype() {
        return dtype;
    }

    public List<Integer> shape() {
        return shape;
    }

    /** A copy of the float32 values. */
    public float[] values() {
        if (floats == null) {
            throw new IllegalStateException("an " + dtype + " tensor has no float values");
        }
        return floats.clone();
    }

    /** A copy of the int64 values. */
    public long[] longValues() {
        if (longs == null) {
            throw new IllegalStateException("an " + dtype + " tensor has no int64 values");
        }
        return longs.clone();
    }

    /** The index of the first NaN or infinite value; empty when every value is finite (int64 values always are). */
    public OptionalInt firstNonFinite() {
        if (floats != null) {
            for (int i = 0; i < floats.length; i++) {
                if (!Float.isFinite(floats[i])) {
                    return OptionalInt.of(i);
                }
            }
        }
        return OptionalInt.empty();
    }

    public int size() {
        return floats != null ? floats.length : longs.length;
    }

    public long[] dims() {
        return shape.stream().mapToLong(Integer::longValue).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && dtype == t.dtype && shape.equals(t.shape)
                && Arrays.equals(floats, t.floats) && Arrays.equals(longs, t.longs);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + (floats != null ? Arrays.hashCode(floats) : Arrays.hashCode(longs));
    }

    @Override
    public String toString() {
        return "Tensor" + (dtype == DType.F32 ? "" : "<" + dtype + ">") + shape;
    }
}
