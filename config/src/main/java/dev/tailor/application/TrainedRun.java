package dev.tailor.application;

import dev.tailor.config.ModelFiles;
import dev.tailor.config.ReportFiles;
import dev.tailor.config.Tailor;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Classifier;
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

    /**
     * A finished run from its files (a run trained earlier, or on another machine); the test set is scored again with
     * its model for the per-image predictions.
     */
    public static TrainedRun read(Path run, Dataset test) {
        ModelFiles.SavedModel model = ModelFiles.load(run.resolve("model"));
        ReportFiles.RunFacts facts = ReportFiles.readRun(run.resolve("run.json"));
        Provenance provenance = ModelFiles.provenance(run.resolve("model"));
        try (Classifier classifier = Tailor.serve(model, model.trainedOn())) {
            return new TrainedRun(run, facts.initialWeights(), ReportFiles.readHistory(run.resolve("history.json")),
                    Evaluation.of(classifier, test), provenance, facts.inferenceSeconds(), facts.peakMemoryBytes());
        }
    }

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
}
