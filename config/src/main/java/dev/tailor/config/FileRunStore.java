package dev.tailor.config;

import dev.tailor.application.MemberScore;
import dev.tailor.application.RunCheckpoint;
import dev.tailor.application.RunFacts;
import dev.tailor.application.SavedEnsemble;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.out.RunStore;
import dev.tailor.application.port.out.StagedRun;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Adapter: runs as directories. {@code config.json}, {@code history.json}, {@code metrics.json}, {@code run.json},
 * {@code model/} (manifest and safetensors), {@code members.json} for an evaluated ensemble, {@code checkpoints/} while
 * training, and the reporter's files, staged in a hidden directory beside the output ({@link RunDirectory}).
 */
public final class FileRunStore implements RunStore {
    static final String CONFIG = "config.json";
    static final String HISTORY = "history.json";
    static final String FACTS = "run.json";
    static final String MODEL = "model";
    private static final String CHECKPOINTS = "checkpoints";

    @Override
    public StagedRun stage(Path output, boolean replace, Consumer<String> notices) {
        return new Staged(RunDirectory.stage(output, replace, notices));
    }

    @Override
    public StagedRun resume(Path output, Consumer<String> notices) {
        return new Staged(RunDirectory.resume(output, FileRunStore::resumable, notices));
    }

    /** Whether an interrupted run's staging directory holds what resuming needs: its config and a checkpoint. */
    private static boolean resumable(Path staging) {
        return Files.isRegularFile(staging.resolve(CONFIG)) && CheckpointFiles.holdsOne(staging.resolve(CHECKPOINTS));
    }

    /** Whether {@code run} was written to the end: its facts and its model's manifest are the last parts written. */
    static boolean isComplete(Path run) {
        return Files.isRegularFile(run.resolve(FACTS)) && Files.isRegularFile(run.resolve(MODEL).resolve(ModelFiles.MANIFEST));
    }

    private record Staged(RunDirectory run) implements StagedRun {
        @Override
        public Path output() {
            return run.target();
        }

        @Override
        public void writeConfig(TailorConfig config) {
            run.write(CONFIG, ConfigFiles.toJson(config));
        }

        @Override
        public TailorConfig readConfig() {
            return ConfigFiles.read(run.path(CONFIG));
        }

        @Override
        public void writeHistory(TrainingHistory history) {
            run.write(HISTORY, ReportFiles.historyJson(history));
        }

        @Override
        public void writeMetrics(Evaluation evaluation) {
            run.write("metrics.json", ReportFiles.metricsJson(evaluation));
        }

        @Override
        public void writeMembers(List<MemberScore> members) {
            run.write("members.json", ReportFiles.json(members));
        }

        @Override
        public void writeModel(ModelSpec spec, List<String> classNames, Weights weights, Preprocessing.Inversion inversion,
                               Provenance provenance, Map<String, Double> metrics) {
            ModelFiles.save(run.path(MODEL), spec, classNames, weights, provenance, metrics, inversion);
        }

        @Override
        public void writeFacts(RunFacts facts) {
            run.write(FACTS, ReportFiles.json(facts));
        }

        @Override
        public SavedEnsemble writeEnsemble(List<Path> models) {
            return EnsembleFiles.save(run.path(""), models);
        }

        @Override
        public void writeCheckpoint(RunCheckpoint checkpoint) {
            CheckpointFiles.write(run.path(CHECKPOINTS), checkpoint);
        }

        @Override
        public Optional<RunCheckpoint> latestCheckpoint() {
            return CheckpointFiles.latest(run.path(CHECKPOINTS));
        }

        @Override
        public void deleteCheckpoints() {
            FileTrees.delete(run.path(CHECKPOINTS));
        }

        @Override
        public BiConsumer<String, byte[]> files() {
            return run::writeBytes;
        }

        @Override
        public Path commit() {
            return run.commit();
        }

        @Override
        public void close() {
            run.close();
        }
    }

    /** A finished run's files, read back. */
    static RunFacts readFacts(Path run) {
        Path file = run.resolve(FACTS);
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(run + ": no " + FACTS + "; not a finished run");
        }
        return ReportFiles.readRun(file);
    }
}
