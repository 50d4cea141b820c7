package dev.tailor.application.port.in;

import dev.tailor.application.RunData;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.domain.training.TrainingListener;

/** Follows a run: told when it starts (engine and starting weights known), then its training progress. */
public interface RunListener extends TrainingListener {
    RunListener NONE = new RunListener() {
    };

    /**
     * @param backend        the backend's name
     * @param engine         the engine as it runs, with its version
     * @param initialWeights fingerprint of the weights the run starts from
     */
    default void starting(TailorConfig config, String backend, String engine, RunData data, String initialWeights) {
    }

    /** Something the user should know that is not progress, e.g. that an interrupted run's leftovers were removed. */
    default void notice(String message) {
    }

    /** A run of an experiment that was already done and is read back instead of trained again ({@code --resume}). */
    default void resumed(TrainedRun run) {
    }
}
