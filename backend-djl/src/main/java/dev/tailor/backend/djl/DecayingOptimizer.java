package dev.tailor.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;
import java.util.Set;
import dev.tailor.domain.spi.StepRate;

/**
 * Weight decay on the parameters that Tailor's config says decay (DJL's own decay applies to every parameter), with
 * PyTorch's two meanings: L2 adds decay x weight to the gradient before the update; decoupled (AdamW) first shrinks
 * the weight by rate x decay, then updates it with the unchanged gradient.
 */
final class DecayingOptimizer extends ResumableOptimizer {
    private final ResumableOptimizer update;
    private final Set<String> decayed;
    private final float decay;
    private final boolean decoupled;
    private final StepRate rate;

    DecayingOptimizer(ResumableOptimizer update, Set<String> decayedParameterIds, double decay, boolean decoupled, StepRate rate) {
        this.update = update;
        this.decayed = Set.copyOf(decayedParameterIds);
        this.decay = (float) decay;
        this.decoupled = decoupled;
        this.rate = rate;
    }

    /** Runs inside {@code Trainer.step}, where gradient recording is off, so the in-place changes are allowed. */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        if (!decayed.contains(parameterId)) {
            update.update(parameterId, weight, grad);
        } else if (decoupled) {
            weight.muli(1 - (float) rate.get() * decay);
            update.update(parameterId, weight, grad);
        } else {
            try (NDManager scratch = weight.getManager().newSubManager()) {
                NDArray penalised = grad.add(weight.mul(decay));
                penalised.tempAttach(scratch);
                update.update(parameterId, weight, penalised);
            }
        }
    }

    @Override
    Map<String, Map<String, float[]>> slots() {
        return update.slots();
    }

    @Override
    void restore(Map<String, Map<String, float[]>> slots, int steps) {
        update.restore(slots, steps);
    }

    @Override
    public void close() {
        update.close();
    }
}
