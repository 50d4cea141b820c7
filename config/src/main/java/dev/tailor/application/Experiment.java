package dev.tailor.application;

import dev.tailor.config.ConfigFiles;
import dev.tailor.config.ModelFiles;
import dev.tailor.config.TailorConfig;
import dev.tailor.domain.AtomicFiles;
import dev.tailor.domain.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An experiment's directory: many runs, each a normal run directory inside it, and its summary files. It may be
 * resumed: a run whose directory is complete is read back instead of trained again.
 */
final class Experiment {
    private final Path directory;
    private final RunData data;
    private final boolean resume;
    private final ExperimentListener progress;
    private final int total;
    private int started;
    private int trained;
    private double trainedSeconds;

    /**
     * Refuses a directory that already holds files, unless resuming it or told to replace it (then empties it first).
     * Runs read back are scored on {@code data}'s test set, the one every run of the experiment is compared on.
     */
    Experiment(Path directory, RunData data, boolean resume, boolean overwrite, int total, ExperimentListener progress) {
        if (resume && overwrite) {
            throw new InvalidInputException("--resume and --overwrite contradict each other; give one");
        }
        if (RunDirectory.holdsFiles(directory) && !resume) {
            if (!overwrite) {
                throw new InvalidInputException("output " + directory + " already holds an experiment; give --resume to "
                        + "finish it, --overwrite to replace it, or another --output");
            }
            RunDirectory.delete(directory);
        }
        this.directory = directory;
        this.data = data;
        this.resume = resume;
        this.total = total;
        this.progress = progress;
    }

    Path directory() {
        return directory;
    }

    Path runDirectory(String name) {
        return directory.resolve(name);
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
            Path run = runDirectory(plan.name());
            if (resume && isComplete(run)) {
                starting(plan);
                TailorConfig made = ConfigFiles.read(run.resolve("config.json"));
                if (!made.model().equals(plan.config().model()) || !made.training().equals(plan.config().training())) {
                    throw new InvalidInputException(run + " was trained with other settings than this experiment asks for; "
                            + "resume with the same config and options, or give --overwrite to start again");
                }
                done[i] = TrainedRun.read(run, data.test());
                plan.listener().resumed(done[i]);
            } else {
                pending.add(plan);
                pendingAt.add(i);
            }
        }
        List<TrainedRun> trained = trainer.train(pending, data, overwrite, new TrainingRuns.Progress() {
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
        for (int k = 0; k < trained.size(); k++) {
            done[pendingAt.get(k)] = trained.get(k);
        }
        return List.of(done);
    }

    private void starting(TrainingRuns.Planned plan) {
        started++;
        double eta = trained == 0 ? Double.NaN : trainedSeconds / trained * (total - started + 1);
        progress.runStarting(plan.name(), started, total, eta);
    }

    void write(String name, byte[] content) {
        AtomicFiles.write(directory.resolve(name), content);
    }

    void write(String name, String content) {
        write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    static boolean isComplete(Path run) {
        return Files.isRegularFile(run.resolve("run.json")) && Files.isRegularFile(run.resolve("model").resolve(ModelFiles.MANIFEST));
    }
}
