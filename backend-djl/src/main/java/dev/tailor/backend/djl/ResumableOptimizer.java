package dev.tailor.backend.djl;

import ai.djl.training.optimizer.Optimizer;
import java.util.Map;

/**
 * A DJL update rule whose per-parameter state Tailor can copy out for a checkpoint and put back on resume. DJL's own
 * optimizers keep theirs private, so every rule Tailor trains with is one of these.
 */
abstract class ResumableOptimizer extends Optimizer implements AutoCloseable {
    ResumableOptimizer() {
        super(new Builder());
    }

    /** Per slot name (PyTorch's: exp_avg, exp_avg_sq, momentum_buffer), per parameter id, the values; a copy. */
    abstract Map<String, Map<String, float[]>> slots();

    /**
     * Takes up the state of a checkpoint before the first update: {@code slots} as {@link #slots} gave them, after
     * {@code steps} updates of every parameter.
     */
    abstract void restore(Map<String, Map<String, float[]>> slots, int steps);

    /** Frees the state's native arrays; the optimizer is not used afterwards. */
    @Override
    public abstract void close();

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
