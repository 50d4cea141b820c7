package dev.tailor.backend.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.HashMap;
import java.util.Map;
import dev.tailor.domain.spi.StepRate;

/**
 * Adam as DJL's own {@code Adam} computes it (the engine's fused update, Keras' epsilon placement, the bias correction
 * folded into the rate), with its moments and step count held here so that a checkpoint can save and restore them.
 */
final class DjlAdam extends ResumableOptimizer {
    private static final String MEAN = "exp_avg";
    private static final String VARIANCE = "exp_avg_sq";
    private final StepRate rate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final SlotArrays means = new SlotArrays();
    private final SlotArrays variances = new SlotArrays();
    private final Map<String, Integer> updates = new HashMap<>();
    private int restoredSteps;
    private int steps;

    DjlAdam(StepRate rate, float beta1, float beta2, float epsilon) {
        this.rate = rate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public synchronized void update(String parameterId, NDArray weight, NDArray grad) {
        // DJL's count: the most updates any parameter has had, this one included.
        steps = Math.max(steps, updates.merge(parameterId, restoredSteps + 1, (n, one) -> n + 1));
        double coef1 = 1.0 - Math.pow(beta1, steps);
        double coef2 = 1.0 - Math.pow(beta2, steps);
        float lr = (float) rate.get();
        float corrected = (float) (lr * Math.sqrt(coef2) / coef1);
        if (!Float.isFinite(corrected)) {
            throw new IllegalArgumentException("learning rate is nan or infinite");
        }
        NDList inputs = new NDList(weight, grad, means.of(parameterId, weight), variances.of(parameterId, weight));
        weight.getNDArrayInternal().adamUpdate(inputs, new NDList(weight), lr, corrected, getWeightDecay(), rescaleGrad,
                clipGrad, beta1, beta2, epsilon, true, false);
    }

    @Override
    synchronized Map<String, Map<String, float[]>> slots() {
        return Map.of(MEAN, means.values(), VARIANCE, variances.values());
    }

    @Override
    synchronized void restore(Map<String, Map<String, float[]>> slots, int steps) {
        means.restore(slots.getOrDefault(MEAN, Map.of()));
        variances.restore(slots.getOrDefault(VARIANCE, Map.of()));
        this.restoredSteps = steps;
        this.steps = steps;
    }

    @Override
    public synchronized void close() {
        means.close();
        variances.close();
    }
}
