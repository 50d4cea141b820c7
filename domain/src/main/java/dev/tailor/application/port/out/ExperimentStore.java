package dev.tailor.application.port.out;

import java.nio.file.Path;

/** Out-port: where experiments (comparisons, sweeps) keep their runs and summaries. */
public interface ExperimentStore {
    /**
     * The experiment at {@code directory}. One that already holds files is refused unless resuming it or told to
     * replace it (then emptied first).
     */
    ExperimentDirectory open(Path directory, boolean resume, boolean overwrite);
}
