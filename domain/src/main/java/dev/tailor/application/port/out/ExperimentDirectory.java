package dev.tailor.application.port.out;

import dev.tailor.application.Comparison;
import dev.tailor.application.RunFacts;
import dev.tailor.application.SavedModel;
import dev.tailor.application.SweepResult;
import dev.tailor.application.TailorConfig;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingHistory;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/** One experiment's storage: its runs, each a whole run of its own under a name, and its summaries. */
public interface ExperimentDirectory {
    /** A run's parts, as read back: enough to score and compare it without training it again. */
    record StoredRun(Path directory, SavedModel model, RunFacts facts, TrainingHistory history, Provenance provenance) {
    }

    Path path();

    /** Where the run of this name is written, e.g. {@code seed-42/djl}. */
    Path runDirectory(String name);

    /** Whether the run of this name was written to the end. */
    boolean isComplete(String name);

    /** The config a complete run was trained with. */
    TailorConfig runConfig(String name);

    StoredRun readRun(String name);

    void writeComparison(Comparison comparison);

    void writeSweep(SweepResult sweep);

    /** The sweep's winner, ready to train again (its output a run beside the trials); returns where it was written. */
    Path writeBestConfig(TailorConfig config);

    /** Writes any other file of the experiment by name: what a {@link RunReporter} draws. */
    BiConsumer<String, byte[]> files();
}
