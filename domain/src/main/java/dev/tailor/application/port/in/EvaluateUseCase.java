package dev.tailor.application.port.in;

import dev.tailor.application.MemberScore;
import dev.tailor.application.ServableModel;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.spi.Backend;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Use case: score a saved model or ensemble on a test set with any backend, and write the metrics (and, for an
 * ensemble, each member's score) and whatever the reporter draws into an output of its own.
 */
public interface EvaluateUseCase {
    /**
     * @param modelDirectory where {@code model} was read from, to name it in the report
     * @param notices        told what the user should know besides the result, e.g. that stale leftovers were removed
     */
    record Request(Path modelDirectory, ServableModel model, Backend backend, Dataset test, Path output, boolean overwrite,
                   Consumer<String> notices) {
    }

    /** A model scored: its metrics, the time predicting took, each member's score for an ensemble, where it was written. */
    record Result(Path directory, Evaluation evaluation, double seconds, List<MemberScore> members) {
        public double imagesPerSecond() {
            return seconds > 0 ? evaluation.confusionMatrix().total() / seconds : 0;
        }
    }

    Result evaluate(Request request);
}
