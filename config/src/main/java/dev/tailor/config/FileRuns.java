package dev.tailor.config;

import dev.tailor.application.port.out.ExperimentDirectory.StoredRun;
import java.nio.file.Path;

/** A finished run directory read back: its model, facts, history and provenance, each checked as it is read. */
public final class FileRuns {
    private FileRuns() {
    }

    public static StoredRun read(Path run) {
        Path model = run.resolve(FileRunStore.MODEL);
        return new StoredRun(run, ModelFiles.load(model), FileRunStore.readFacts(run),
                ReportFiles.readHistory(run.resolve(FileRunStore.HISTORY)), ModelFiles.provenance(model));
    }
}
