package dev.tailor.application.port.out;

import dev.tailor.application.RunData;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.in.RunListener;
import dev.tailor.application.port.in.TrainUseCase;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.spi.TrainingBackend;
import java.util.List;
import java.util.Optional;

/**
 * Port: trains a batch of independent runs of one experiment (the trials of a sweep, the backends and seeds of a
 * comparison), each into its own complete run directory at its config's output. In-process trains them one after
 * another here; another adapter (Spark) may train them on other machines at once. Same configs and seeds, same runs.
 */
public interface TrainingRuns {
    /** One run: its name in the experiment, its config (output: its run directory), where its weights start. */
    record Planned(String name, TailorConfig config, TrainingBackend backend, Optional<Weights> initialWeights, RunListener listener) {
    }

    /** Told as each run starts and ends, so an experiment can report progress and estimate what is left. */
    interface Progress {
        void starting(Planned run);

        void finished(Planned run, double seconds);
    }

    /** The runs, trained, in the order given. */
    List<TrainedRun> train(List<Planned> runs, RunData data, boolean overwrite, Progress progress);

    /** One after another in this process, with each run's listener told of every batch and epoch. */
    static TrainingRuns inProcess(TrainUseCase train) {
        return (runs, data, overwrite, progress) -> runs.stream().map(run -> {
            progress.starting(run);
            long start = System.nanoTime();
            TrainedRun done = train.train(new TrainUseCase.Request(run.config(), run.backend(), data, run.initialWeights(),
                    run.listener(), overwrite));
            progress.finished(run, (System.nanoTime() - start) / 1e9);
            return done;
        }).toList();
    }
}
