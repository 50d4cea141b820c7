package dev.tailor.domain.training;

import java.util.List;

/**
 * Every epoch of a training run, in order, which epoch's weights were kept, and why training stopped.
 *
 * @param keptEpoch  the epoch whose weights the run returns (the last one unless early stopping chose another)
 * @param stopReason why training ended, in words
 */
public record TrainingHistory(List<EpochReport> epochs, int keptEpoch, String stopReason) {
    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    /** A run that trained every epoch and kept the last. */
    public TrainingHistory(List<EpochReport> epochs) {
        this(epochs, epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).epoch(), "completed all " + epochs.size() + " epochs");
    }

    public double totalSeconds() {
        return epochs.stream().mapToDouble(EpochReport::seconds).sum();
    }

    /** The report of the epoch whose weights were kept. */
    public EpochReport kept() {
        return epochs.stream().filter(e -> e.epoch() == keptEpoch).findFirst()
                .orElseThrow(() -> new IllegalStateException("no epoch " + keptEpoch + " in this history"));
    }
}
