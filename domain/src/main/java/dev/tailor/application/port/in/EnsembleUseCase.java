package dev.tailor.application.port.in;

import dev.tailor.application.SavedEnsemble;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Use case: one model made of several trained ones (from any backends), predicting the mean of their probabilities. */
public interface EnsembleUseCase {
    /** What was written, and where. */
    record Result(Path directory, SavedEnsemble ensemble) {
    }

    /** Checks that the models can vote together and writes the ensemble into {@code output}, whole or not at all. */
    Result make(List<Path> models, Path output, boolean overwrite, Consumer<String> notices);
}
