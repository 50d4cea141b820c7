package dev.tailor.cli;

import dev.tailor.config.ConfigFiles;
import dev.tailor.config.ModelFiles;
import dev.tailor.config.ReportFiles;
import dev.tailor.cli.report.RunReport;
import dev.tailor.config.TailorConfig;
import dev.tailor.domain.data.Checksums;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.TrainingRequest;
import dev.tailor.domain.training.TrainingResult;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code tailor train}: train on the configured backend, score on the test set, write the run's files and model. */
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

    void run(Optional<Path> initFrom, boolean quiet) {
        try (RunDirectory run = RunDirectory.stage(config.output())) {
            Dataset train = data.train();
            Dataset test = data.test();
            TrainingConfig t = config.training();
            out.printf("Training %s (%,d parameters) on %s: %s%n", config.model().name(), config.model().parameterCount(),
                    backend.name(), backend.engine());
            out.printf("data: %,d training and %,d test images from %s (%s)%n", train.size(), test.size(),
                    data.location().directory(), data.location().source());
            out.printf("%d epochs, batch %d, %s lr %s (%s), seed %d, %d threads%n", t.epochs(), t.batchSize(),
                    t.optimizer().type(), t.optimizer().learningRate(), t.schedule().type(), t.seed(), t.threads());
            out.flush();

            Optional<Weights> initial = initFrom.map(source -> ModelFiles.readWeights(source, config.model()));
            initFrom.ifPresent(source -> out.printf("starting from the weights in %s%n", source));
            TrainingResult result = backend.trainer().train(
                    new TrainingRequest(config.model(), train, Optional.of(test), t, initial),
                    ProgressPrinter.choose(out, quiet));
            Evaluation evaluation = result.testEvaluation().orElseThrow();

            TailorConfig resolved = config.withData(config.data().withDirectory(data.location().directory()));
            String configJson = ConfigFiles.toJson(resolved);
            run.write("config.json", configJson);
            run.write("history.json", ReportFiles.historyJson(result.history()));
            run.write("metrics.json", ReportFiles.metricsJson(evaluation));
            ModelFiles.save(run.path("model"), config.model(), train.classNames(), result.classifier().weights(),
                    provenance(t, train, evaluation));
            RunReport.forTraining(config.model().name() + " trained on " + backend.name(), configJson, config.model(),
                    result.history(), evaluation, test, run::writeBytes);
            Path written = run.commit();
            if (t.validation().enabled()) {
                out.printf("training %s; the model holds epoch %d's weights%n", result.history().stopReason(),
                        result.history().keptEpoch());
            }
            MetricsTable.print(out, evaluation);
            out.printf("training took %.1f s; wrote %s (the model is in %s)%n", result.history().totalSeconds(), written,
                    written.resolve("model"));
            out.flush();
            result.classifier().close();
        }
    }

    private ModelFiles.Provenance provenance(TrainingConfig t, Dataset train, Evaluation evaluation) {
        Map<String, String> data = new LinkedHashMap<>();
        for (Path file : FashionMnist.files(this.data.location().directory())) {
            data.put(file.getFileName().toString(), Checksums.sha256(file));
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("testAccuracy", evaluation.accuracy());
        metrics.put("macroF1", evaluation.macroF1());
        metrics.put("testImages", (double) evaluation.confusionMatrix().total());
        return new ModelFiles.Provenance(VersionProvider.version(), backend.name(), backend.engine(), t,
                this.data.location().directory().toString(), data, train.size(), metrics);
    }
}
