package dev.tailor.application.port.in;

import dev.tailor.application.RunData;
import dev.tailor.application.SweepGrid;
import dev.tailor.application.SweepResult;
import dev.tailor.application.TailorConfig;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.spi.TrainingBackend;
import java.util.function.Function;

/**
 * Use case: train every combination of a grid of settings (times seeds) on one backend, each trial's runs normal runs
 * inside the sweep, and rank the trials by validation accuracy (the test set is reported, never used to choose). Writes
 * the sweep's summary and best config, the winner ready for {@code tailor train}.
 */
public interface SweepUseCase {
    /** The validation share a sweep holds out when the config holds out none: choosing on the test set would be cheating. */
    double DEFAULT_VALIDATION = 0.1;

    record Request(TailorConfig config, TrainingBackend backend, RunData data, SweepGrid grid, int seeds,
                          Function<String, RunListener> runs, ExperimentListener progress, boolean resume, boolean overwrite) {
        public Request {
            if (seeds < 1) {
                throw new InvalidInputException("--seeds must be at least 1, got " + seeds);
            }
        }
    }

    SweepResult sweep(Request request);
}
