package dev.tailor.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import java.util.Map;
import dev.tailor.domain.spi.StepRate;

/**
 * SGD with Nesterov momentum, as PyTorch computes it: v = m v + g; w -= lr (g + m v). DJL's own {@code Nag} is not
 * implemented by its PyTorch engine; this is the same update DL4J's {@code Nesterovs} makes, so both backends agree.
 * Runs inside {@code Trainer.step}, where gradient recording is off, so the in-place updates are allowed.
 * DJL hands optimizers a copy of the gradient and relies on its native PyTorch updaters to clear the parameter's own
 * one; PyTorch accumulates gradients, so this optimizer clears it too (only this parameter's: DJL's
 * {@code zeroGradients()} walks every array the engine holds).
 */
final class NesterovSgd extends ResumableOptimizer {
    private final StepRate learningRate;
    private final float momentum;
    private static final String VELOCITY = "momentum_buffer";
    private final SlotArrays velocities = new SlotArrays();

    NesterovSgd(StepRate learningRate, float momentum) {
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    public synchronized void update(String parameterId, NDArray weight, NDArray grad) {
        NDArray velocity = velocities.of(parameterId, weight);
        velocity.muli(momentum).addi(grad);
        try (NDManager scratch = weight.getManager().newSubManager()) {
            NDArray lookAhead = velocity.mul(momentum);
            lookAhead.tempAttach(scratch);
            NDArray direction = grad.add(lookAhead);
            direction.tempAttach(scratch);
            weight.subi(direction.muli((float) learningRate.get()));
            NDArray accumulated = weight.getGradient();
            accumulated.tempAttach(scratch);
            accumulated.muli(0);
        }
    }

    @Override
    synchronized Map<String, Map<String, float[]>> slots() {
        return Map.of(VELOCITY, velocities.values());
    }

    @Override
    synchronized void restore(Map<String, Map<String, float[]>> slots, int steps) {
        velocities.restore(slots.getOrDefault(VELOCITY, Map.of()));
    }

    @Override
    public synchronized void close() {
        velocities.close();
    }
}
