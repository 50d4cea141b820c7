package dev.tailor.domain.testing;

import dev.tailor.domain.augmentation.EpochAugmenter;
import dev.tailor.domain.data.Batch;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.Shuffle;
import dev.tailor.domain.training.TrainingConfig;

/**
 * PyTorch's batch-norm running estimates for a batch norm that sees the input pixels, computed in plain Java from the
 * batches the shared training loop draws, augmented as the config says: the reference the engines are held to.
 */
final class RunningEstimates {
    private RunningEstimates() {
    }

    /**
     * {mean, variance} per feature after training with {@code config}: {@code features} 1 normalises every pixel of
     * the one channel together, 784 each pixel on its own (after a flatten).
     */
    static double[][] of(Dataset data, TrainingConfig config, int features, double momentum) {
        double[] mean = new double[features];
        double[] variance = new double[features];
        java.util.Arrays.fill(variance, 1);
        int pixels = data.shape().size();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            EpochAugmenter augmenter = config.augmentation().forEpoch(config.seed(), epoch);
            for (Batch raw : data.shuffledBatches(config.batchSize(), Shuffle.epochSeed(config.seed(), epoch))) {
                Batch batch = augmenter.apply(raw);
                float[] x = batch.images().pixels();
                int perFeature = batch.size() * pixels / features;
                for (int f = 0; f < features; f++) {
                    double sum = 0;
                    for (int i = 0; i < batch.size(); i++) {
                        for (int p = f; p < pixels; p += features) {
                            sum += x[i * pixels + p];
                        }
                    }
                    double batchMean = sum / perFeature;
                    double squares = 0;
                    for (int i = 0; i < batch.size(); i++) {
                        for (int p = f; p < pixels; p += features) {
                            double d = x[i * pixels + p] - batchMean;
                            squares += d * d;
                        }
                    }
                    mean[f] = (1 - momentum) * mean[f] + momentum * batchMean;
                    variance[f] = (1 - momentum) * variance[f] + momentum * squares / (perFeature - 1);
                }
            }
        }
        return new double[][] {mean, variance};
    }
}
