package dev.tailor.domain.training;

import dev.tailor.domain.model.Weights;
import java.util.List;
import java.util.Optional;

/**
 * Everything a run needs to continue after {@code epochs().size()} epochs exactly as if it had never stopped: the
 * weights (buffers included), the optimizer's state, the history so far and early stopping's choice. Shuffling,
 * augmentation and dropout are seeded per epoch and the learning rate is a function of the step, so nothing else is
 * carried.
 *
 * @param best the best epoch so far and its weights, under early stopping
 * @param stopReason set when early stopping has ended the run
 */
public record TrainingCheckpoint(Weights weights, OptimizerState optimizer, List<EpochReport> epochs, Optional<Best> best,
                                 Optional<String> stopReason) {
    public TrainingCheckpoint {
        epochs = List.copyOf(epochs);
    }

    /** The epochs done. */
    public int epochsDone() {
        return epochs.size();
    }

    /** Early stopping's best epoch so far: its number, its monitored score and its weights. */
    public record Best(int epoch, double score, Weights weights) {
    }
}
