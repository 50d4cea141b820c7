package dev.tailor.application;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingHistory;
import java.nio.file.Path;

/**
 * One finished training run: where its files are, how it trained, how it scored on the test set, what it cost, and
 * where it came from.
 *
 * @param directory        the run directory (config.json, history.json, metrics.json, model/, report)
 * @param initialWeights   fingerprint of the weights it started from ({@link dev.tailor.domain.model.Weights#fingerprint()})
 * @param inferenceSeconds time to predict every test image
 * @param peakMemoryBytes  the highest resident memory of the process seen while it trained and predicted
 */
public record TrainedRun(Path directory, String initialWeights, TrainingHistory history, Evaluation evaluation,
                         Provenance provenance, double inferenceSeconds, long peakMemoryBytes) {

    public String backend() {
        return provenance.backend();
    }

    public String engine() {
        return provenance.engine();
    }

    public Path model() {
        return directory.resolve("model");
    }

    public double trainingSeconds() {
        return history.totalSeconds();
    }

    public double trainingImagesPerSecond() {
        long images = history.epochs().stream().mapToLong(e -> e.images()).sum();
        return trainingSeconds() > 0 ? images / trainingSeconds() : 0;
    }

    public double inferenceImagesPerSecond() {
        return inferenceSeconds > 0 ? evaluation.confusionMatrix().total() / inferenceSeconds : 0;
    }

    /** The validation accuracy of the epoch whose weights the run kept; a sweep ranks by it. */
    public double keptValidationAccuracy() {
        return history.epochs().get(history.keptEpoch() - 1).validationAccuracy().orElseThrow(() ->
                new InvalidInputException(directory + ": its history has no validation accuracy; a sweep needs one"));
    }
}
