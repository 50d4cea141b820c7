package dev.tailor.application;

import dev.tailor.config.ModelFiles;
import dev.tailor.config.ReportFiles;
import dev.tailor.config.Tailor;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.spi.Backend;
import java.nio.file.Path;

/**
 * Use case: score a saved model (or ensemble) on the test set with any backend, and write metrics.json and whatever
 * the {@link RunReporter} adds into an output directory.
 */
public final class Evaluate {
    private final RunReporter reporter;

    public Evaluate(RunReporter reporter) {
        this.reporter = reporter;
    }

    /** A model scored: its metrics, the time predicting took, where they were written. */
    public record Result(Path directory, Evaluation evaluation, double seconds) {
        public double imagesPerSecond() {
            return seconds > 0 ? evaluation.confusionMatrix().total() / seconds : 0;
        }
    }

    /** Scores the model in {@code modelDirectory} (read already as {@code model}) and writes into {@code output}. */
    public Result run(Path modelDirectory, ModelFiles.SavedModel model, Backend backend, Dataset test, Path output,
                      boolean overwrite) {
        if (!model.spec().input().equals(test.shape()) || !model.classNames().equals(test.classNames())) {
            throw new InvalidInputException(modelDirectory + ": the model takes " + model.spec().input() + " images of "
                    + model.classNames() + " but the test data has " + test.shape() + " images of " + test.classNames());
        }
        try (RunDirectory run = RunDirectory.stage(output, overwrite);
             Classifier classifier = Tailor.serve(model, backend.name())) {
            long start = System.nanoTime();
            Evaluation evaluation = Evaluation.of(classifier, test);
            double seconds = (System.nanoTime() - start) / 1e9;
            run.write("metrics.json", ReportFiles.metricsJson(evaluation));
            reporter.evaluated(model.spec().name() + " evaluated on " + backend.name(),
                    modelDirectory + ", trained on " + model.trainedOn() + " (" + model.engine() + ") " + model.createdAt()
                            + ", served on " + backend.engine() + ".", model.spec(), evaluation, test, run::writeBytes);
            return new Result(run.commit(), evaluation, seconds);
        }
    }
}
