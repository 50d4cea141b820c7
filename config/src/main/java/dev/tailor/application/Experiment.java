package dev.tailor.application;

import dev.tailor.config.ConfigFiles;
import dev.tailor.config.ModelFiles;
import dev.tailor.config.ReportFiles;
import dev.tailor.config.Tailor;
import dev.tailor.config.TailorConfig;
import dev.tailor.domain.AtomicFiles;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.evaluation.Evaluation;
import dev.tailor.domain.inference.Classifier;
import dev.tailor.domain.training.Provenance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

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
     * The run in {@code name}: read back when resuming and it is complete (and was made with the same model and
     * training settings as {@code config}), else trained by {@code train}.
     */
    TrainedRun run(String name, TailorConfig config, RunListener listener, Supplier<TrainedRun> train) {
        started++;
        double eta = trained == 0 ? Double.NaN : trainedSeconds / trained * (total - started + 1);
        progress.runStarting(name, started, total, eta);
        Path run = runDirectory(name);
        if (resume && isComplete(run)) {
            TailorConfig made = ConfigFiles.read(run.resolve("config.json"));
            if (!made.model().equals(config.model()) || !made.training().equals(config.training())) {
                throw new InvalidInputException(run + " was trained with other settings than this experiment asks for; "
                        + "resume with the same config and options, or give --overwrite to start again");
            }
            TrainedRun done = readBack(run);
            listener.resumed(done);
            return done;
        }
        long start = System.nanoTime();
        TrainedRun done = train.get();
        trained++;
        trainedSeconds += (System.nanoTime() - start) / 1e9;
        return done;
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

    /** A finished run, from its files: the test set scored again with its model for the per-image predictions. */
    private TrainedRun readBack(Path run) {
        ModelFiles.SavedModel model = ModelFiles.load(run.resolve("model"));
        ReportFiles.RunFacts facts = ReportFiles.readRun(run.resolve("run.json"));
        Provenance provenance = ModelFiles.provenance(run.resolve("model"));
        try (Classifier classifier = Tailor.serve(model, model.trainedOn())) {
            Evaluation evaluation = Evaluation.of(classifier, data.test());
            return new TrainedRun(run, facts.initialWeights(), ReportFiles.readHistory(run.resolve("history.json")), evaluation,
                    provenance, facts.inferenceSeconds(), facts.peakMemoryBytes());
        }
    }
}
