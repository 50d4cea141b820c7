package dev.tailor.application.port.out;

import dev.tailor.application.Comparison;
import dev.tailor.application.SweepResult;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.Evaluation;
import java.util.function.BiConsumer;

/**
 * Extra files a run adds to its directory beyond the data files every run writes (plots, an HTML report): the command
 * line draws them, an embedder may draw its own or none. {@code files} writes a file into the run by name.
 */
public interface RunReporter {
    RunReporter NONE = new RunReporter() {
    };

    default void trained(TailorConfig config, TrainedRun run, Dataset test, BiConsumer<String, byte[]> files) {
    }

    /** @param modelSummary the model's layers (every member's, for an ensemble) */
    default void evaluated(String title, String description, String modelSummary, Evaluation evaluation, Dataset test,
                           BiConsumer<String, byte[]> files) {
    }

    default void compared(String title, Comparison comparison, BiConsumer<String, byte[]> files) {
    }

    default void swept(String title, SweepResult sweep, BiConsumer<String, byte[]> files) {
    }
}
