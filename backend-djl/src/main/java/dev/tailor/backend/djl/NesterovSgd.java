package dev.tailor.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.util.HashMap;
import java.util.Map;

/**
 * SGD with Nesterov momentum, as PyTorch computes it: v = m v + g; w -= lr (g + m v). DJL's own {@code Nag} is not
 * implemented by its PyTorch engine; this is the same update DL4J's {@code Nesterovs} makes, so both backends agree.
 * Runs inside {@code Trainer.step}, where gradient recording is off, so the in-place updates are allowed.
 */
final class NesterovSgd extends Optimizer {
    private final float learningRate;
    private final float momentum;
    private final Map<String, NDArray> velocities = new HashMap<>();

    NesterovSgd(float learningRate, float momentum) {
        super(new Builder());
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    public synchronized void update(String parameterId, NDArray weight, NDArray grad) {
        NDArray velocity = velocities.computeIfAbsent(parameterId, id -> weight.zerosLike());
        velocity.muli(momentum).addi(grad);
        try (NDManager scratch = weight.getManager().newSubManager()) {
            NDArray lookAhead = velocity.mul(momentum);
            lookAhead.tempAttach(scratch);
            NDArray direction = grad.add(lookAhead);
            direction.tempAttach(scratch);
            weight.subi(direction.muli(learningRate));
        }
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
