package dev.tailor.application.service;

import dev.tailor.application.RunCheckpoint;
import dev.tailor.application.RunData;
import dev.tailor.application.RunFacts;
import dev.tailor.application.SavedModel;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.in.RunListener;
import dev.tailor.application.port.in.TrainUseCase;
import dev.tailor.application.port.out.DatasetSource;
import dev.tailor.application.port.out.ModelStore;
import dev.tailor.application.port.out.ProcessMemory;
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
import dev.tailor.domain.training.Transfer;
import dev.tailor.domain.training.WeightsOrigin;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** The train use case: one backend's training run, staged, checkpointed after every epoch, committed whole. */
public final class Train implements TrainUseCase {
    private final RunStore runs;
    private final DatasetSource data;
    private final ModelStore models;
    private final RunReporter reporter;
    private final ProcessMemory memory;

    /**
     * @param models where a config's {@code transfer.from} model is read
     * @param memory sampled while training for run.json's peak resident memory
     */
    public Train(RunStore runs, DatasetSource data, ModelStore models, RunReporter reporter, ProcessMemory memory) {
        this.runs = runs;
        this.data = data;
        this.models = models;
        this.reporter = reporter;
        this.memory = memory;
    }

    @Override
    public TrainedRun train(Request request) {
        TailorConfig config = request.config();
        TrainingBackend backend = request.backend();
        backend.useThreads(config.training().threads());
        // Checked before anything is written: the layers to freeze exist, the source model fits.
        config.training().frozenTensors(config.model());
        Optional<Transfer.Start> transferred = request.initialWeights().isPresent() ? Optional.empty()
                : config.training().transfer().map(t -> transfer(t, config, request.data().train().classNames(), backend,
                        request.listener()));
        try (StagedRun run = runs.stage(config.output(), request.overwrite(), request.listener()::notice);
             MemorySampler sampler = new MemorySampler(memory)) {
            Weights initial = request.initialWeights().or(() -> transferred.map(Transfer.Start::weights))
                    .orElseGet(() -> backend.trainer().initialWeights(config.model(), config.training()));
            String fingerprint = initial.fingerprint();
            // Fashion-MNIST's directory as found ($TAILOR_DATA, the package's), so the run says where its data was.
            TailorConfig resolved = config.withBackend(backend.name()).withData(config.data().ownImages() ? config.data()
                    : config.data().withDirectory(request.data().location().directory()));
            run.writeConfig(resolved);
            request.listener().starting(config, backend.name(), backend.engine(), request.data(), fingerprint);
            TrainingListener checkpoints = request.listener().and(new CheckpointWriter(run, backend.name(), fingerprint));
            TrainingResult result = backend.trainer().train(trainingRequest(config, request.data(), Optional.of(initial)), checkpoints);
            return finish(run, sampler, resolved, request.data(), fingerprint, result);
        }
    }

    @Override
    public TrainedRun resume(Path output, Function<TailorConfig, TrainingBackend> backends, RunListener listener) {
        try (StagedRun run = runs.resume(output, listener::notice); MemorySampler sampler = new MemorySampler(memory)) {
            TailorConfig config = run.readConfig();
            RunCheckpoint saved = run.latestCheckpoint().orElseThrow(
                    () -> new InvalidInputException(output + ": the interrupted run holds no checkpoint to resume from"));
            TrainingBackend backend = backends.apply(config.withBackend(saved.backend()));
            backend.useThreads(config.training().threads());
            RunData runData = data.load(config.data(), config.model().input());
            listener.starting(config, backend.name(), backend.engine(), runData, saved.initialWeights());
            listener.notice("resuming after epoch " + saved.checkpoint().epochsDone() + " of " + config.training().epochs());
            TrainingListener checkpoints = listener.and(new CheckpointWriter(run, backend.name(), saved.initialWeights()));
            TrainingResult result = backend.trainer().resume(trainingRequest(config, runData, Optional.empty()), saved.checkpoint(),
                    checkpoints);
            return finish(run, sampler, config, runData, saved.initialWeights(), result);
        }
    }

    /** The source model's weights wherever they fit, the rest as the backend draws them; what starts fresh is told. */
    private Transfer.Start transfer(Transfer transfer, TailorConfig config, List<String> classes, TrainingBackend backend,
                                    RunListener listener) {
        SavedModel source = models.load(transfer.from());
        Transfer.Start start = Transfer.start(config.model(), classes, backend.trainer().initialWeights(config.model(),
                config.training()), source.spec(), source.classNames(), source.weights(), transfer.from().toString());
        int frozen = config.training().frozenTensors(config.model()).size();
        listener.notice(String.format("transfer from %s: %d of %d tensors start from it%s; %d frozen (%s)", transfer.from(),
                config.model().tensors().size() - start.fresh().size(), config.model().tensors().size(),
                start.fresh().isEmpty() ? "" : ", fresh: " + String.join(", ", start.fresh()), frozen, transfer.freeze().describe()));
        return start;
    }

    /** The model the starting weights came from, for the provenance. */
    private Optional<WeightsOrigin> startedFrom(TailorConfig config) {
        return config.training().transfer().map(t -> new WeightsOrigin(t.from().toString(), models.weightsSha256(t.from())));
    }

    private static TrainingRequest trainingRequest(TailorConfig config, RunData data, Optional<Weights> initial) {
        TrainingConfig t = config.training();
        // The trainer scores the test set only for per-epoch curves; the final score is timed in finish.
        return new TrainingRequest(config.model(), data.train(), t.testEachEpoch() ? Optional.of(data.test()) : Optional.empty(),
                t, initial);
    }

    private TrainedRun finish(StagedRun run, MemorySampler sampler, TailorConfig resolved, RunData data, String fingerprint,
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
        Provenance provenance = result.provenance().withData(data.test().origin()).withStartedFrom(startedFrom(resolved));
        run.writeHistory(result.history());
        run.writeMetrics(evaluation);
        run.writeModel(resolved.model(), data.train().classNames(), trained, data.inversion(), provenance, metrics(evaluation));
        long peak = sampler.peakBytes();
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
