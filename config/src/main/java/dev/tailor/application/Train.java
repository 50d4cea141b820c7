package dev.tailor.application;

import dev.tailor.config.ConfigFiles;
import dev.tailor.config.ModelFiles;
import dev.tailor.config.ReportFiles;
import dev.tailor.config.TailorConfig;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.TrainingRequest;
import dev.tailor.domain.training.TrainingResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Use case: train a config on one backend, score the test set, and write a run directory: config.json (as resolved),
 * history.json, metrics.json, the model with its provenance, and whatever the {@link RunReporter} adds. The directory
 * appears only when everything is written.
 */
public final class Train {
    private final RunReporter reporter;

    public Train(RunReporter reporter) {
        this.reporter = reporter;
    }

    /**
     * @param initialWeights the weights to start from; by default the backend draws them as the config says
     * @param overwrite      replace a run already in the config's output directory instead of refusing
     */
    public record Request(TailorConfig config, Backend backend, RunData data, Optional<Weights> initialWeights,
                          RunListener listener, boolean overwrite) {
        public Request(TailorConfig config, Backend backend, RunData data) {
            this(config, backend, data, Optional.empty(), RunListener.NONE, false);
        }
    }

    public TrainedRun run(Request request) {
        TailorConfig config = request.config();
        TrainingConfig t = config.training();
        Backend backend = request.backend();
        RunData data = request.data();
        backend.useThreads(t.threads());
        try (RunDirectory run = RunDirectory.stage(config.output(), request.overwrite(), request.listener()::notice);
             MemorySampler memory = new MemorySampler()) {
            Weights initial = request.initialWeights().orElseGet(() -> backend.trainer().initialWeights(config.model(), t));
            String fingerprint = initial.fingerprint();
            request.listener().starting(config, backend.name(), backend.engine(), data, fingerprint);
            // The trainer scores the test set only for per-epoch curves; the final score is timed here.
            TrainingResult result = backend.trainer().train(new TrainingRequest(config.model(), data.train(),
                    t.testEachEpoch() ? Optional.of(data.test()) : Optional.empty(), t, Optional.of(initial)), request.listener());
            Evaluation evaluation;
            double inferenceSeconds;
            Weights trained;
            try (NetworkClassifier classifier = result.classifier()) {
                long start = System.nanoTime();
                evaluation = Evaluation.of(classifier, data.test());
                inferenceSeconds = (System.nanoTime() - start) / 1e9;
                trained = classifier.weights();
            }
            Provenance provenance = result.provenance().withData(data.test().origin());

            TailorConfig resolved = config.withBackend(backend.name())
                    .withData(config.data().withDirectory(data.location().directory()));
            String configJson = ConfigFiles.toJson(resolved);
            run.write("config.json", configJson);
            run.write("history.json", ReportFiles.historyJson(result.history()));
            run.write("metrics.json", ReportFiles.metricsJson(evaluation));
            ModelFiles.save(run.path("model"), config.model(), data.train().classNames(), trained, provenance,
                    metrics(evaluation));
            TrainedRun staged = new TrainedRun(run.path(""), fingerprint, result.history(), evaluation, provenance,
                    inferenceSeconds, memory.peakBytes());
            run.write("run.json", ReportFiles.runJson(staged.initialWeights(), inferenceSeconds, staged.peakMemoryBytes()));
            reporter.trained(config, configJson, staged, data.test(), run::writeBytes);
            Path written = run.commit();
            return new TrainedRun(written, fingerprint, result.history(), evaluation, provenance, inferenceSeconds,
                    staged.peakMemoryBytes());
        }
    }

    private static Map<String, Double> metrics(Evaluation evaluation) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("testAccuracy", evaluation.accuracy());
        metrics.put("macroF1", evaluation.macroF1());
        metrics.put("testImages", (double) evaluation.confusionMatrix().total());
        return metrics;
    }
}
