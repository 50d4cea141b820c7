package dev.tailor.domain.training;

import java.util.function.Supplier;

/** Receives progress while a {@link Trainer} works; calls come from the training thread. */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {
    };

    default void onEpochStart(int epoch, int epochs, int batches) {
    }

    default void onBatch(BatchReport report) {
    }

    default void onEpochEnd(EpochReport report) {
    }

    /**
     * After each epoch (and its {@link #onEpochEnd}): the run's state, for a listener that saves checkpoints. Reading
     * it copies the weights and optimizer state out of the engine, so only a listener that saves them asks.
     */
    default void onCheckpoint(Supplier<TrainingCheckpoint> checkpoint) {
    }

    /** This listener, then {@code other}, told of everything: so that a listener adding one concern need forward nothing. */
    default TrainingListener and(TrainingListener other) {
        TrainingListener first = this;
        return new TrainingListener() {
            @Override
            public void onEpochStart(int epoch, int epochs, int batches) {
                first.onEpochStart(epoch, epochs, batches);
                other.onEpochStart(epoch, epochs, batches);
            }

            @Override
            public void onBatch(BatchReport report) {
                first.onBatch(report);
                other.onBatch(report);
            }

            @Override
            public void onEpochEnd(EpochReport report) {
                first.onEpochEnd(report);
                other.onEpochEnd(report);
            }

            @Override
            public void onCheckpoint(Supplier<TrainingCheckpoint> checkpoint) {
                first.onCheckpoint(checkpoint);
                other.onCheckpoint(checkpoint);
            }
        };
    }
}
