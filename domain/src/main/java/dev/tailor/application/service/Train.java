package dev.tailor.application.service;

import dev.tailor.application.RunCheckpoint;
import dev.tailor.application.RunData;
import dev.tailor.application.RunFacts;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.in.RunListener;
import dev.tailor.application.port.in.TrainUseCase;
import dev.tailor.application.port.out.DatasetSource;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.port.out.RunStore;
import dev.tailor.application.port.out.StagedRun;
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
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** The train use case: one backend's training run, staged, checkpointed after every epoch, committed whole. */
public final class Train implements TrainUseCase {
    private final RunStore runs;
    private final DatasetSource data;
    private final RunReporter reporter;

    public Train(RunStore runs, DatasetSource data, RunReporter reporter) {
        this.runs = runs;
        this.data = data;
        this.reporter = reporter;
    }

    @Override
    public TrainedRun train(Request request) {
        TailorConfig config = request.config();
        TrainingBackend backend = request.backend();
        backend.useThreads(config.training().threads());
        try (StagedRun run = runs.stage(config.output(), request.overwrite(), request.listener()::notice);
             MemorySampler memory = new MemorySampler()) {
            Weights initial = request.initialWeights().orElseGet(() -> backend.trainer().initialWeights(config.model(), config.training()));
            String fingerprint = initial.fingerprint();
            TailorConfig resolved = config.withBackend(backend.name())
                    .withData(config.data().withDirectory(request.data().location().directory()));
            run.writeConfig(resolved);
            request.listener().starting(config, backend.name(), backend.engine(), request.data(), fingerprint);
            TrainingListener checkpoints = request.listener().and(new CheckpointWriter(run, backend.name(), fingerprint));
            TrainingResult result = backend.trainer().train(trainingRequest(config, request.data(), Optional.of(initial)), checkpoints);
            return finish(run, memory, resolved, request.data(), fingerprint, result);
        }
    }

    @Override
    public TrainedRun resume(Path output, Function<TailorConfig, TrainingBackend> backends, RunListener listener) {
        try (StagedRun run = runs.resume(output, listener::notice); MemorySampler memory = new MemorySampler()) {
            TailorConfig config = run.readConfig();
            RunCheckpoint saved = run.latestCheckpoint().orElseThrow(
                    () -> new InvalidInputException(output + ": the interrupted run holds no checkpoint to resume from"));
            TrainingBackend backend = backends.apply(config.withBackend(saved.backend()));
            backend.useThreads(config.training().threads());
            RunData runData = data.load(config.data());
            listener.starting(config, backend.name(), backend.engine(), runData, saved.initialWeights());
            listener.notice("resuming after epoch " + saved.checkpoint().epochsDone() + " of " + config.training().epochs());
            TrainingListener checkpoints = listener.and(new CheckpointWriter(run, backend.name(), saved.initialWeights()));
            TrainingResult result = backend.trainer().resume(trainingRequest(config, runData, Optional.empty()), saved.checkpoint(),
                    checkpoints);
            return finish(run, memory, config, runData, saved.initialWeights(), result);
        }
    }

    private static TrainingRequest trainingRequest(TailorConfig config, RunData data, Optional<Weights> initial) {
        TrainingConfig t = config.training();
        // The trainer scores the test set only for per-epoch curves; the final score is timed in finish.
        return new TrainingRequest(config.model(), data.train(), t.testEachEpoch() ? Optional.of(data.test()) : Optional.empty(),
                t, initial);
    }

    private TrainedRun finish(StagedRun run, MemorySampler memory, TailorConfig resolved, RunData data, String fingerprint,
                              TrainingResult result) {
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
        run.writeHistory(result.history());
        run.writeMetrics(evaluation);
        run.writeModel(resolved.model(), data.train().classNames(), trained, provenance, metrics(evaluation));
        long peak = memory.peakBytes();
        run.writeFacts(new RunFacts(fingerprint, inferenceSeconds, peak));
        reporter.trained(resolved, new TrainedRun(run.output(), fingerprint, result.history(), evaluation, provenance,
                inferenceSeconds, peak), data.test(), run.files());
        run.deleteCheckpoints();
        Path written = run.commit();
        return new TrainedRun(written, fingerprint, result.history(), evaluation, provenance, inferenceSeconds, peak);
    }

    /** Saves a checkpoint after every epoch; combined with the run's listener ({@link TrainingListener#and}). */
    private record CheckpointWriter(StagedRun run, String backend, String initialWeights) implements TrainingListener {
        @Override
        public void onCheckpoint(Supplier<TrainingCheckpoint> checkpoint) {
            run.writeCheckpoint(new RunCheckpoint(backend, initialWeights, checkpoint.get()));
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
