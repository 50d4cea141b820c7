package dev.tailor.cli;

import dev.tailor.cli.report.RunReport;
import dev.tailor.config.ModelFiles;
import dev.tailor.config.ReportFiles;
import dev.tailor.config.Tailor;
import dev.tailor.config.TailorConfig;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.spi.Backend;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code tailor evaluate}: a saved model, any backend, the test set, metrics.json. */
final class EvaluateJob {
    private final TailorConfig config;
    private final Backend backend;
    private final DataSets data;
    private final PrintWriter out;

    @Inject
    EvaluateJob(TailorConfig config, Backend backend, DataSets data, PrintWriter out) {
        this.config = config;
        this.backend = backend;
        this.data = data;
        this.out = out;
    }

    void run(Path modelDirectory, ModelFiles.SavedModel model) {
        try (RunDirectory run = RunDirectory.stage(config.output())) {
            Dataset test = data.test();
            if (!model.spec().input().equals(test.shape()) || !model.classNames().equals(test.classNames())) {
                throw new InvalidInputException(modelDirectory + ": the model takes " + model.spec().input() + " images of "
                        + model.classNames() + " but the test data has " + test.shape() + " images of " + test.classNames());
            }
            out.printf("Evaluating %s (trained on %s) on %s: %s, %,d test images%n", modelDirectory, model.trainedOn(),
                    backend.name(), backend.engine(), test.size());
            out.flush();
            try (Classifier classifier = Tailor.serve(model, backend.name())) {
                long start = System.nanoTime();
                Evaluation evaluation = Evaluation.of(classifier, test);
                double seconds = (System.nanoTime() - start) / 1e9;
                run.write("metrics.json", ReportFiles.metricsJson(evaluation));
                RunReport.forEvaluation(model.spec().name() + " evaluated on " + backend.name(),
                        modelDirectory + ", trained on " + model.trainedOn() + " (" + model.engine() + ") " + model.createdAt()
                                + ", served on " + backend.engine() + ".", model.spec(), evaluation, test, run::writeBytes);
                Path written = run.commit();
                MetricsTable.print(out, evaluation);
                out.printf("%,.0f images/s; wrote %s%n", test.size() / seconds, written);
                out.flush();
            }
        }
    }
}
