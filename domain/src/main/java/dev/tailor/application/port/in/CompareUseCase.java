package dev.tailor.application.port.in;

import dev.tailor.application.Comparison;
import dev.tailor.application.RunData;
import dev.tailor.application.TailorConfig;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.TrainingBackend;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Use case: train the same config on several backends, once per seed, each backend starting from the same weights and
 * seeing the same batches as the others for that seed; then per backend the spread over seeds, and per pair of
 * backends paired tests over seeds and McNemar's test per seed. One backend over several seeds is a seeds study: its
 * spread alone. Every run is a normal run inside the experiment
 * ({@code BACKEND/} for one seed, {@code seed-S/BACKEND/} for several).
 */
public interface CompareUseCase {
    /**
     * @param seeds    how many seeds: the config's seed S, then S+1 ... S+seeds-1
     * @param sameInit start every backend from weights drawn once by the first, even when the config asks for each
     *                 engine's own initialiser
     * @param initFrom start every run from these weights instead
     * @param runs     each run's listener, by run name
     */
    record Request(TailorConfig config, List<TrainingBackend> backends, RunData data, int seeds, boolean sameInit,
                          Optional<Weights> initFrom, Function<String, RunListener> runs, ExperimentListener progress,
                          boolean resume, boolean overwrite) {
        public Request {
            backends = List.copyOf(backends);
            List<String> names = backends.stream().map(TrainingBackend::name).toList();
            if (new LinkedHashSet<>(names).size() != names.size()) {
                throw new InvalidInputException("a comparison needs different backends, got " + String.join(",", names));
            }
            if (seeds < 1) {
                throw new InvalidInputException("--seeds must be at least 1, got " + seeds);
            }
            if (names.size() < 2 && seeds < 2) {
                throw new InvalidInputException("a comparison needs two different backends, or one backend over --seeds 2 or "
                        + "more; got " + String.join(",", names) + " with 1 seed");
            }
        }

        public Request(TailorConfig config, List<TrainingBackend> backends, RunData data, int seeds) {
            this(config, backends, data, seeds, false, Optional.empty(), name -> RunListener.NONE, ExperimentListener.NONE,
                    false, false);
        }
    }

    Comparison compare(Request request);
}
