package dev.tailor.domain.evaluation;

import dev.tailor.domain.training.TrainingHistory;

/**
 * One backend's part in a comparison: how it trained, how it scored, and what it cost.
 *
 * @param initialWeights   fingerprint of the weights it started from ({@link dev.tailor.domain.model.Weights#fingerprint()})
 * @param inferenceSeconds time to predict every evaluated example
 * @param peakMemoryBytes  the highest resident memory seen while it trained and predicted
 */
public record BackendRun(String backend, String engine, String initialWeights, TrainingHistory history, Evaluation evaluation,
                         double inferenceSeconds, long peakMemoryBytes) {

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
}
