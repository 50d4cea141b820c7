package dev.tailor.application.port.in;

import dev.tailor.application.RunData;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.TrainingBackend;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Use case: train a config on one backend, score the test set, and write a run: the config as resolved, the history,
 * the metrics, the model with its provenance, and whatever the run's reporter draws. The run appears only when
 * everything is written; a checkpoint after every epoch lets a killed run be finished.
 */
public interface TrainUseCase {
    /**
     * @param initialWeights the weights to start from; by default the backend draws them as the config says
     * @param overwrite      replace a run already at the config's output instead of refusing
     */
    record Request(TailorConfig config, TrainingBackend backend, RunData data, Optional<Weights> initialWeights,
                   RunListener listener, boolean overwrite) {
        public Request(TailorConfig config, TrainingBackend backend, RunData data) {
            this(config, backend, data, Optional.empty(), RunListener.NONE, false);
        }
    }

    TrainedRun train(Request request);

    /**
     * Finishes the run an interrupted process left staged for {@code output}: its own config and data, from its latest
     * checkpoint, on the backend of the name the checkpoint records ({@code backends} finds it). The result is the run
     * it would have been: the same weights to the bit, the same metrics.
     */
    TrainedRun resume(Path output, Function<TailorConfig, TrainingBackend> backends, RunListener listener);
}
