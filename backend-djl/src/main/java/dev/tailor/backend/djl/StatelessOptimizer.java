package dev.tailor.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;

/** A DJL update rule that keeps nothing between steps (plain SGD): nothing to save, nothing to restore. */
final class StatelessOptimizer extends ResumableOptimizer {
    private final Optimizer update;

    StatelessOptimizer(Optimizer update) {
        this.update = update;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        update.update(parameterId, weight, grad);
    }

    @Override
    Map<String, Map<String, float[]>> slots() {
        return Map.of();
    }

    @Override
    void restore(Map<String, Map<String, float[]>> slots, int steps) {
        // Nothing is carried between steps.
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
