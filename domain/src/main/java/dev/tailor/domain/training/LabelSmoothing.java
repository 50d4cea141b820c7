package dev.tailor.domain.training;

import dev.tailor.domain.InvalidInputException;

/**
 * Soft targets (Szegedy et al.): each image's target puts 1 - epsilon + epsilon / K on its class and epsilon / K on
 * each of the K classes' others, PyTorch's {@code label_smoothing}. Epsilon 0 gives the one-hot targets.
 */
public record LabelSmoothing(double epsilon) {
    public static final LabelSmoothing NONE = new LabelSmoothing(0);

    public LabelSmoothing {
        if (!(epsilon >= 0 && epsilon < 1)) {
            throw new InvalidInputException("labelSmoothing must be in [0, 1), got " + epsilon);
        }
    }

    /** Targets for {@code labels}, row by row: labels.length x classes values. */
    public float[] targets(int[] labels, int classes) {
        float other = (float) (epsilon / classes);
        float own = (float) (1 - epsilon + epsilon / classes);
        float[] targets = new float[labels.length * classes];
        java.util.Arrays.fill(targets, other);
        for (int i = 0; i < labels.length; i++) {
            targets[i * classes + labels[i]] = own;
        }
        return targets;
    }

    /** Cross-entropy of one image's logits against its target row: -sum t log softmax(logits), via log-sum-exp. */
    public static double crossEntropy(float[] logits, float[] targets, int targetOffset) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        double logNormaliser = max + Math.log(sum);
        double loss = 0;
        for (int c = 0; c < logits.length; c++) {
            loss -= targets[targetOffset + c] * (logits[c] - logNormaliser);
        }
        return loss;
    }
}
