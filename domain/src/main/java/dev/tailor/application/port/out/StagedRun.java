package dev.tailor.application.port.out;

import dev.tailor.application.MemberScore;
import dev.tailor.application.RunCheckpoint;
import dev.tailor.application.RunFacts;
import dev.tailor.application.SavedEnsemble;
import dev.tailor.application.TailorConfig;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ModelSpec;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingHistory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * One run being written: each of its parts, in whatever format the store keeps; nothing is visible at the output until
 * {@link #commit}. Closing without committing discards it.
 */
public interface StagedRun extends AutoCloseable {
    /** The output the run will be at once committed. */
    Path output();

    /** The config as resolved: every value spelled out, so that loading it repeats the run. */
    void writeConfig(TailorConfig config);

    /** The config a resumed run was started with. */
    TailorConfig readConfig();

    void writeHistory(TrainingHistory history);

    void writeMetrics(Evaluation evaluation);

    /** For an ensemble: each member scored alone. */
    void writeMembers(List<MemberScore> members);

    /**
     * The trained model with its provenance and headline metrics, loadable by any backend; {@code inversion} is how
     * image files are to be prepared for it (as its training data was).
     */
    void writeModel(ModelSpec spec, List<String> classNames, Weights weights, Preprocessing.Inversion inversion,
                    Provenance provenance, Map<String, Double> metrics);

    void writeFacts(RunFacts facts);

    /** Copies the models in as the run's one ensemble; they must take the same images and classes. */
    SavedEnsemble writeEnsemble(List<Path> models);

    /** Replaces the run's checkpoint with this one, written so that a kill at any moment leaves a whole one. */
    void writeCheckpoint(RunCheckpoint checkpoint);

    /** The checkpoint an interrupted run left, if any. */
    Optional<RunCheckpoint> latestCheckpoint();

    /** Removes the checkpoints, which a finished run no longer needs. */
    void deleteCheckpoints();

    /** Writes any other file of the run by name (plots, reports): what a {@link RunReporter} draws. */
    BiConsumer<String, byte[]> files();

    /** Puts the finished run in place, replacing an earlier run there; returns where it is. */
    Path commit();

    @Override
    void close();
}
