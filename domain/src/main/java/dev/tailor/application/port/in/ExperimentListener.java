package dev.tailor.application.port.in;

/** Overall progress of an experiment of many runs, besides each run's own progress. */
public interface ExperimentListener {
    ExperimentListener NONE = new ExperimentListener() {
    };

    /**
     * @param index      1-based position of the run about to start, of {@code total}
     * @param etaSeconds estimated seconds until the experiment is done (NaN until a run has been timed)
     */
    default void runStarting(String label, int index, int total, double etaSeconds) {
    }
}
