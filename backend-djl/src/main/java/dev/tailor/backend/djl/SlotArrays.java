package dev.tailor.backend.djl;

import ai.djl.ndarray.NDArray;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One optimizer slot's arrays, one per parameter: created as zeros at a parameter's first update, or from a
 * checkpoint's values when the run resumes (the arrays can only be made once the parameter's array is at hand).
 * They are detached from the manager they are made in, which DJL may close after the step (as DJL's own optimizers do),
 * and closed with the network.
 */
final class SlotArrays implements AutoCloseable {
    private final Map<String, NDArray> arrays = new HashMap<>();
    private final Map<String, float[]> restored = new HashMap<>();

    /** The parameter's array of this slot, made alike {@code weight} on first use. */
    NDArray of(String parameterId, NDArray weight) {
        return arrays.computeIfAbsent(parameterId, id -> {
            float[] values = restored.remove(id);
            NDArray array = values == null ? weight.zerosLike() : weight.getManager().create(values, weight.getShape());
            array.detach();
            return array;
        });
    }

    /** Copies of the values, by parameter id, in a fixed order. */
    Map<String, float[]> values() {
        Map<String, float[]> values = new TreeMap<>();
        arrays.forEach((id, array) -> values.put(id, array.toFloatArray()));
        values.putAll(restored);
        return values;
    }

    @Override
    public void close() {
        arrays.values().forEach(NDArray::close);
        arrays.clear();
    }

    void restore(Map<String, float[]> values) {
        if (!arrays.isEmpty()) {
            throw new IllegalStateException("optimizer state can only be restored before the first update");
        }
        restored.putAll(values);
    }
}
