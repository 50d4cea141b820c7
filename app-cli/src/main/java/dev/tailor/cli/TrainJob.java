package dev.tailor.cli;

import dev.tailor.config.ConfigFiles;
import dev.tailor.config.ReportFiles;
import dev.tailor.config.TailorConfig;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.TrainingRequest;
import dev.tailor.domain.training.TrainingResult;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/** {@code tailor train}: train on the configured backend, score on the test set, write the run's files. */
final class TrainJob {
    private final TailorConfig config;
    private final Backend backend;
    private final DataSets data;
    private final PrintWriter out;

    @Inject
    TrainJob(TailorConfig config, Backend backend, DataSets data, PrintWriter out) {
        this.config = config;
        this.backend = backend;
        this.data = data;
        this.out = out;
    }

    void run() {
        try (RunDirectory run = RunDirectory.stage(config.output())) {
            Dataset train = data.train();
            Dataset test = data.test();
            TrainingConfig t = config.training();
            out.printf("Training %s (%,d parameters) on %s: %s%n", config.model().name(), config.model().parameterCount(),
                    backend.name(), backend.engine());
            out.printf("data: %,d training and %,d test images from %s (%s)%n", train.size(), test.size(),
                    data.location().directory(), data.location().source());
            out.printf("%d epochs, batch %d, %s lr %s, seed %d, %d threads%n", t.epochs(), t.batchSize(),
                    t.optimizer().type(), t.optimizer().learningRate(), t.seed(), t.threads());
            out.flush();

            TrainingResult result = backend.trainer().train(
                    new TrainingRequest(config.model(), train, Optional.of(test), t),
                    new ProgressPrinter(out, System.console() != null));
            Evaluation evaluation = result.heldOutEvaluation().orElseThrow();

            TailorConfig resolved = config.withData(config.data().withDirectory(data.location().directory()));
            run.write("config.json", ConfigFiles.toJson(resolved));
            run.write("history.json", ReportFiles.historyJson(result.history()));
            run.write("metrics.json", ReportFiles.metricsJson(evaluation));
            Path written = run.commit();
            MetricsTable.print(out, evaluation);
            out.printf("training took %.1f s; wrote %s%n", result.history().totalSeconds(), written);
            out.flush();
            result.classifier().close();
        }
    }
}
