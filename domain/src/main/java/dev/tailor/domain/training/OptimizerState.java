package dev.tailor.domain.training;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an optimizer carries from one step to the next (Adam's moments, SGD's momentum) and how many steps it has
 * taken, as a checkpoint saves it. Slots are named {@code tensor/slot} ({@link #key}); their values are in the
 * engine's own layout, so a state resumes on the backend that wrote it.
 */
public record OptimizerState(long steps, Map<String, float[]> slots) {
    public static final OptimizerState FRESH = new OptimizerState(0, Map.of());

    public OptimizerState {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must not be negative: " + steps);
        }
        // Sorted, so that the same state is always saved as the same bytes.
        slots = Collections.unmodifiableMap(new TreeMap<>(slots));
    }

    /** The name of one tensor's slot, e.g. {@code 0.weight/exp_avg}. */
    public static String key(String tensor, String slot) {
        return tensor + "/" + slot;
    }
}
