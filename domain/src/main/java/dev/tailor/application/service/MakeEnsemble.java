package dev.tailor.application.service;

import dev.tailor.application.SavedEnsemble;
import dev.tailor.application.port.in.EnsembleUseCase;
import dev.tailor.application.port.out.RunStore;
import dev.tailor.application.port.out.StagedRun;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The ensemble use case: members copied into one model directory, written whole. */
public final class MakeEnsemble implements EnsembleUseCase {
    private final RunStore runs;

    public MakeEnsemble(RunStore runs) {
        this.runs = runs;
    }

    @Override
    public Result make(List<Path> models, Path output, boolean overwrite, Consumer<String> notices) {
        try (StagedRun run = runs.stage(output, overwrite, notices)) {
            SavedEnsemble ensemble = run.writeEnsemble(models);
            return new Result(run.commit(), ensemble);
        }
    }
}
