package dev.tailor.domain.training;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.TensorSpec;

/**
 * How strongly weights are pulled towards zero, and which: by default only kernels (the {@code weight} role), not
 * biases nor batch-norm scales and shifts, as is usual (shrinking those changes what a layer can express, not how
 * complex it is).
 */
public record WeightDecay(double rate, boolean includeBiasAndNorm) {
    public static final WeightDecay NONE = new WeightDecay(0, false);

    public WeightDecay {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new InvalidInputException("weightDecay must be zero or a positive number, got " + rate);
        }
    }

    public static WeightDecay of(double rate) {
        return new WeightDecay(rate, false);
    }

    /** Whether this decay pulls on {@code tensor}. */
    public boolean appliesTo(TensorSpec tensor) {
        return rate > 0 && tensor.trainable() && (includeBiasAndNorm || tensor.role() == TensorSpec.Role.WEIGHT);
    }
}
