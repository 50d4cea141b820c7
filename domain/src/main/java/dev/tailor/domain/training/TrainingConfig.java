package dev.tailor.domain.training;

import dev.tailor.domain.InvalidInputException;

/**
 * How to train: epochs, batch size, optimizer, seed, engine threads and where the starting weights come from. The
 * same config and seed on the same backend and thread count give identical results.
 */
public record TrainingConfig(int epochs, int batchSize, Optimizer optimizer, long seed, int threads, Initialization init) {

    /** The reference notebook's settings: 5 epochs of Adam 1e-3 at batch 32, Keras' Glorot-uniform start. */
    public static final TrainingConfig NOTEBOOK = new TrainingConfig(5, 32, Optimizer.Adam.withLearningRate(1e-3), 42, 2);

    /** Starts from Tailor's Glorot-uniform weights. */
    public TrainingConfig(int epochs, int batchSize, Optimizer optimizer, long seed, int threads) {
        this(epochs, batchSize, optimizer, seed, threads, Initialization.GLOROT);
    }

    public TrainingConfig {
        if (epochs < 1) {
            throw new InvalidInputException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new InvalidInputException("batchSize must be at least 1, got " + batchSize);
        }
        if (threads < 1) {
            throw new InvalidInputException("threads must be at least 1, got " + threads);
        }
        if (optimizer == null) {
            throw new InvalidInputException("an optimizer is required");
        }
        if (init == null) {
            throw new InvalidInputException("an initialization is required");
        }
    }

    public TrainingConfig withEpochs(int value) {
        return new TrainingConfig(value, batchSize, optimizer, seed, threads, init);
    }

    public TrainingConfig withBatchSize(int value) {
        return new TrainingConfig(epochs, value, optimizer, seed, threads, init);
    }

    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(epochs, batchSize, optimizer, value, threads, init);
    }

    public TrainingConfig withThreads(int value) {
        return new TrainingConfig(epochs, batchSize, optimizer, seed, value, init);
    }

    public TrainingConfig withInit(Initialization value) {
        return new TrainingConfig(epochs, batchSize, optimizer, seed, threads, value);
    }
}
