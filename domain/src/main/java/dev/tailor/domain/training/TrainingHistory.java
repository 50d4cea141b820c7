package dev.tailor.domain.training;

import java.util.List;

/** Every epoch of a training run, in order. */
public record TrainingHistory(List<EpochReport> epochs) {
    public TrainingHistory {
        epochs = List.copyOf(epochs);
    }

    public double totalSeconds() {
        return epochs.stream().mapToDouble(EpochReport::seconds).sum();
    }
}
