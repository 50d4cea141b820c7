package dev.tailor.domain.model;

import java.util.Arrays;
import java.util.List;

/** A named block of float32 values in row-major order, laid out as PyTorch holds it. Immutable. */
public record Tensor(List<Integer> shape, float[] values) {
    public Tensor {
        shape = List.copyOf(shape);
        long size = shape.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
        if (size != values.length) {
            throw new IllegalArgumentException("shape " + shape + " holds " + size + " values, got " + values.length);
        }
        values = values.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    public long[] dims() {
        return shape.stream().mapToLong(Integer::longValue).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && shape.equals(t.shape) && Arrays.equals(values, t.values);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Tensor" + shape;
    }
}
