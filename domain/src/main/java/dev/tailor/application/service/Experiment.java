package dev.tailor.application.service;

import dev.tailor.application.RunData;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.in.ExperimentListener;
import dev.tailor.application.port.out.ExperimentDirectory;
import dev.tailor.application.port.out.ExperimentStore;
import dev.tailor.application.port.out.TrainingRuns;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.spi.Backends;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An experiment's runs: many, each a normal run inside it. It may be resumed: a run already complete is read back and
 * scored again instead of trained again.
 */
final class Experiment {
    private final ExperimentDirectory directory;
    private final RunData data;
    private final Backends backends;
    private final boolean resume;
    private final ExperimentListener progress;
    private final int total;
    private int started;
    private int trained;
    private double trainedSeconds;

    /** Runs read back are scored on {@code data}'s test set, the one every run of the experiment is compared on. */
    Experiment(ExperimentStore store, Path path, RunData data, Backends backends, boolean resume, boolean overwrite, int total,
               ExperimentListener progress) {
        if (resume && overwrite) {
            throw new InvalidInputException("--resume and --overwrite contradict each other; give one");
        }
        this.directory = store.open(path, resume, overwrite);
        this.data = data;
        this.backends = backends;
        this.resume = resume;
        this.total = total;
        this.progress = progress;
    }

    ExperimentDirectory directory() {
        return directory;
    }

    Path runDirectory(String name) {
        return directory.runDirectory(name);
    }

    /**
     * The planned runs, in order: each read back when resuming and it is complete (and was made with the same model and
     * training settings as planned), the others trained by {@code trainer}.
     */
    List<TrainedRun> runAll(List<TrainingRuns.Planned> plans, TrainingRuns trainer, boolean overwrite) {
        TrainedRun[] done = new TrainedRun[plans.size()];
        List<TrainingRuns.Planned> pending = new ArrayList<>();
        List<Integer> pendingAt = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            TrainingRuns.Planned plan = plans.get(i);
            if (resume && directory.isComplete(plan.name())) {
                starting(plan);
                TailorConfig made = directory.runConfig(plan.name());
                if (!made.model().equals(plan.config().model()) || !made.training().equals(plan.config().training())) {
                    throw new InvalidInputException(runDirectory(plan.name()) + " was trained with other settings than this "
                            + "experiment asks for; resume with the same config and options, or give --overwrite to start again");
                }
                done[i] = StoredRuns.scored(directory.readRun(plan.name()), data.test(), backends);
                plan.listener().resumed(done[i]);
            } else {
                pending.add(plan);
                pendingAt.add(i);
            }
        }
        List<TrainedRun> trainedRuns = trainer.train(pending, data, overwrite, new TrainingRuns.Progress() {
            @Override
            public void starting(TrainingRuns.Planned run) {
                Experiment.this.starting(run);
            }

            @Override
            public void finished(TrainingRuns.Planned run, double seconds) {
                Experiment.this.trained++;
                Experiment.this.trainedSeconds += seconds;
            }
        });
        for (int k = 0; k < trainedRuns.size(); k++) {
            done[pendingAt.get(k)] = trainedRuns.get(k);
        }
        return List.of(done);
    }

    private void starting(TrainingRuns.Planned plan) {
        started++;
        double eta = trained == 0 ? Double.NaN : trainedSeconds / trained * (total - started + 1);
        progress.runStarting(plan.name(), started, total, eta);
    }
}
