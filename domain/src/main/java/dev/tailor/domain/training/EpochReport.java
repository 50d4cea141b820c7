package dev.tailor.domain.training;

import java.util.OptionalDouble;

/**
 * The outcome of one epoch.
 *
 * @param trainLoss          mean loss over the epoch's batches, weighted by batch size (on augmented images, with
 *                           label smoothing when configured)
 * @param trainAccuracy      accuracy of the training predictions made while training, 0..1
 * @param validationLoss     mean cross-entropy on the validation share after the epoch, when one is held out
 * @param validationAccuracy accuracy on the validation share after the epoch
 * @param testLoss           mean cross-entropy on the test set after the epoch, when it is scored every epoch
 * @param testAccuracy       accuracy on the test set after the epoch
 * @param learningRate       the rate of the epoch's last step
 * @param seconds            training time of the epoch, excluding scoring
 */
public record EpochReport(int epoch, double trainLoss, double trainAccuracy, OptionalDouble validationLoss,
                          OptionalDouble validationAccuracy, OptionalDouble testLoss, OptionalDouble testAccuracy,
                          double learningRate, double seconds, long images) {

    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }

    EpochReport withValidation(double loss, double accuracy) {
        return new EpochReport(epoch, trainLoss, trainAccuracy, OptionalDouble.of(loss), OptionalDouble.of(accuracy), testLoss,
                testAccuracy, learningRate, seconds, images);
    }

    EpochReport withTest(double loss, double accuracy) {
        return new EpochReport(epoch, trainLoss, trainAccuracy, validationLoss, validationAccuracy, OptionalDouble.of(loss),
                OptionalDouble.of(accuracy), learningRate, seconds, images);
    }
}
