package dev.tailor.domain.training;

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
}
