package dev.tailor.application.port.out;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Out-port: where runs are written. A run is staged and appears at its output only when committed whole, so a failed
 * or interrupted run leaves nothing behind that looks like a run (the files adapter: hidden staging directories).
 */
public interface RunStore {
    /**
     * A new run for {@code output}. An output that already holds files is refused unless {@code replace}; what dead
     * processes left beside it is cleared, and {@code notices} told.
     */
    StagedRun stage(Path output, boolean replace, Consumer<String> notices);

    /** The run an interrupted process left staged for {@code output}, the latest with a checkpoint, to finish here. */
    StagedRun resume(Path output, Consumer<String> notices);
}
