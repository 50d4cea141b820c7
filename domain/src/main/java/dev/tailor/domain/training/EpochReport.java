package dev.tailor.domain.training;

import java.util.OptionalDouble;

/**
 * The outcome of one epoch.
 *
 * @param trainLoss        mean loss over the epoch's batches, weighted by batch size
 * @param trainAccuracy    accuracy of the training predictions made while training, 0..1
 * @param heldOutAccuracy  accuracy on the held-out set after the epoch, when one was given
 * @param heldOutLoss      mean cross-entropy on the held-out set after the epoch, when one was given
 * @param seconds          training time of the epoch, excluding the held-out evaluation
 */
public record EpochReport(int epoch, double trainLoss, double trainAccuracy, OptionalDouble heldOutAccuracy,
                          OptionalDouble heldOutLoss, double seconds, long images) {

    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }
}
