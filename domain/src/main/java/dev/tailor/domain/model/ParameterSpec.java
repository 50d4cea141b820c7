package dev.tailor.domain.model;

import java.util.List;

/**
 * A trainable tensor of a spec, named and laid out as PyTorch's {@code nn.Sequential} would hold it when every
 * layer of the spec, activations included, is its own module (e.g. {@code 0.weight} [32, 1, 3, 3]).
 * Backends use these names and layouts so that weights move between engines without guessing.
 */
public record ParameterSpec(String name, int layerIndex, Kind kind, List<Integer> shape, int fanIn, int fanOut) {
    public enum Kind { WEIGHT, BIAS }

    public ParameterSpec {
        shape = List.copyOf(shape);
    }

    static ParameterSpec weight(int module, int layerIndex, List<Integer> shape, int fanIn, int fanOut) {
        return new ParameterSpec(module + ".weight", layerIndex, Kind.WEIGHT, shape, fanIn, fanOut);
    }

    static ParameterSpec bias(int module, int layerIndex, int size) {
        return new ParameterSpec(module + ".bias", layerIndex, Kind.BIAS, List.of(size), size, size);
    }

    /** A linear map's weight [out, in] and bias [out], as {@code torch.nn.Linear} holds them. */
    static List<ParameterSpec> linear(int module, int layerIndex, int in, int out) {
        return List.of(weight(module, layerIndex, List.of(out, in), in, out), bias(module, layerIndex, out));
    }

    public long[] dims() {
        return shape.stream().mapToLong(Integer::longValue).toArray();
    }

    public int size() {
        return shape.stream().reduce(1, (a, b) -> a * b);
    }
}
