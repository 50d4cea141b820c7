package dev.tailor.application;

import dev.tailor.config.CheckpointFiles;
import dev.tailor.config.ConfigFiles;
import dev.tailor.config.ModelFiles;
import dev.tailor.config.ReportFiles;
import dev.tailor.config.TailorConfig;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.NetworkClassifier;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.TrainingBackend;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingCheckpoint;
import dev.tailor.domain.training.TrainingConfig;
import dev.tailor.domain.training.TrainingListener;
import dev.tailor.domain.training.TrainingRequest;
import dev.tailor.domain.training.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Use case: train a config on one backend, score the test set, and write a run directory: config.json (as resolved),
 * history.json, metrics.json, the model with its provenance, and whatever the {@link RunReporter} adds. The directory
 * appears only when everything is written.
 */
public final class Train {
    private static final String CONFIG = "config.json";
    private static final String CHECKPOINTS = "checkpoints";
    private final RunReporter reporter;

    public Train(RunReporter reporter) {
        this.reporter = reporter;
    }

    /**
     * @param initialWeights the weights to start from; by default the backend draws them as the config says
     * @param overwrite      replace a run already in the config's output directory instead of refusing
     */
    public record Request(TailorConfig config, TrainingBackend backend, RunData data, Optional<Weights> initialWeights,
                          RunListener listener, boolean overwrite) {
        public Request(TailorConfig config, TrainingBackend backend, RunData data) {
            this(config, backend, data, Optional.empty(), RunListener.NONE, false);
        }
    }

    public TrainedRun run(Request request) {
        TailorConfig config = request.config();
        TrainingBackend backend = request.backend();
        backend.useThreads(config.training().threads());
        try (RunDirectory run = RunDirectory.stage(config.output(), request.overwrite(), request.listener()::notice);
             MemorySampler memory = new MemorySampler()) {
            Weights initial = request.initialWeights().orElseGet(() -> backend.trainer().initialWeights(config.model(), config.training()));
            String fingerprint = initial.fingerprint();
            TailorConfig resolved = resolved(config, backend, request.data());
            String configJson = ConfigFiles.toJson(resolved);
            run.write(CONFIG, configJson);
            request.listener().starting(config, backend.name(), backend.engine(), request.data(), fingerprint);
            TrainingListener checkpoints = request.listener().and(new CheckpointWriter(run.path(CHECKPOINTS), backend.name(), fingerprint));
            TrainingResult result = backend.trainer().train(trainingRequest(config, request.data(), Optional.of(initial)), checkpoints);
            return finish(run, memory, resolved, configJson, request.data(), fingerprint, result);
        }
    }

    /** Whether {@code staging}, an interrupted run's directory, holds a checkpoint to resume from. */
    public static boolean resumable(Path staging) {
        return Files.isRegularFile(staging.resolve(CONFIG)) && CheckpointFiles.holdsOne(staging.resolve(CHECKPOINTS));
    }

    /**
     * Continues the interrupted run whose staging directory {@link RunDirectory#resume} adopted: its own config and
     * data, from its latest checkpoint, on {@code backends}' backend of the name the checkpoint records. The result
     * is the run it would have been: the same weights to the bit, the same metrics.
     */
    public TrainedRun resume(RunDirectory run, Function<TailorConfig, TrainingBackend> backends, RunListener listener) {
        try (run; MemorySampler memory = new MemorySampler()) {
            TailorConfig config = ConfigFiles.read(run.path(CONFIG));
            CheckpointFiles.Saved saved = CheckpointFiles.latest(run.path(CHECKPOINTS)).orElseThrow(
                    () -> new InvalidInputException(run.path("") + ": holds no checkpoint to resume from"));
            TrainingBackend backend = backends.apply(config.withBackend(saved.backend()));
            backend.useThreads(config.training().threads());
            RunData data = RunData.load(config);
            listener.starting(config, backend.name(), backend.engine(), data, saved.initialWeights());
            listener.notice("resuming after epoch " + saved.checkpoint().epochsDone() + " of " + config.training().epochs());
            TrainingListener checkpoints = listener.and(new CheckpointWriter(run.path(CHECKPOINTS), backend.name(), saved.initialWeights()));
            TrainingResult result = backend.trainer().resume(trainingRequest(config, data, Optional.empty()), saved.checkpoint(),
                    checkpoints);
            return finish(run, memory, config, ConfigFiles.toJson(config), data, saved.initialWeights(), result);
        }
    }

    private static TrainingRequest trainingRequest(TailorConfig config, RunData data, Optional<Weights> initial) {
        TrainingConfig t = config.training();
        // The trainer scores the test set only for per-epoch curves; the final score is timed in finish.
        return new TrainingRequest(config.model(), data.train(), t.testEachEpoch() ? Optional.of(data.test()) : Optional.empty(),
                t, initial);
    }

    private static TailorConfig resolved(TailorConfig config, TrainingBackend backend, RunData data) {
        return config.withBackend(backend.name()).withData(config.data().withDirectory(data.location().directory()));
    }

    private TrainedRun finish(RunDirectory run, MemorySampler memory, TailorConfig resolved, String configJson, RunData data,
                              String fingerprint, TrainingResult result) {
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
        run.write("history.json", ReportFiles.historyJson(result.history()));
        run.write("metrics.json", ReportFiles.metricsJson(evaluation));
        ModelFiles.save(run.path("model"), resolved.model(), data.train().classNames(), trained, provenance, metrics(evaluation));
        TrainedRun staged = new TrainedRun(run.path(""), fingerprint, result.history(), evaluation, provenance,
                inferenceSeconds, memory.peakBytes());
        run.write("run.json", ReportFiles.runJson(staged.initialWeights(), inferenceSeconds, staged.peakMemoryBytes()));
        reporter.trained(resolved, configJson, staged, data.test(), run::writeBytes);
        RunDirectory.delete(run.path(CHECKPOINTS));
        Path written = run.commit();
        return new TrainedRun(written, fingerprint, result.history(), evaluation, provenance, inferenceSeconds,
                staged.peakMemoryBytes());
    }

    /** Saves a checkpoint after every epoch; combined with the run's listener ({@link TrainingListener#and}). */
    private record CheckpointWriter(Path directory, String backend, String initialWeights) implements TrainingListener {
        @Override
        public void onCheckpoint(Supplier<TrainingCheckpoint> checkpoint) {
            CheckpointFiles.write(directory, new CheckpointFiles.Saved(backend, initialWeights, checkpoint.get()));
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
