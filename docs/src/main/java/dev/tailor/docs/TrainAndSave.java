package dev.tailor.docs;

import dev.tailor.application.RunData;
import dev.tailor.application.RunReporter;
import dev.tailor.application.Train;
import dev.tailor.application.TrainedRun;
import dev.tailor.config.ConfigFiles;
import dev.tailor.config.TailorConfig;
import dev.tailor.domain.spi.Backends;
import java.nio.file.Path;

/**
 * Training a config file into a run directory from Java, exactly as {@code tailor train} does (config.json,
 * history.json, metrics.json, the model with its provenance), without the CLI and without Guice. Run it with a
 * config file and an output directory: {@code TrainAndSave configs/seed-cnn.json runs/from-java}.
 */
public final class TrainAndSave {
    private TrainAndSave() {
    }

    public static void main(String[] args) {
        TrainedRun run = run(ConfigFiles.read(Path.of(args[0])).withOutput(Path.of(args[1])));
        System.out.printf("test accuracy %.4f; model in %s, trained on %s (%s)%n", run.evaluation().accuracy(), run.model(),
                run.provenance().backend(), run.provenance().engine());
    }

    /** Trains the config on the backend it names, on the data it names, and writes the run where it says. */
    public static TrainedRun run(TailorConfig config) {
        // The backend the config names, else the preferred installed one.
        var backend = config.backendIn(Backends.installed());
        // RunReporter.NONE: the data files only; the CLI's reporter adds plots and an HTML page.
        return new Train(RunReporter.NONE).run(new Train.Request(config, backend, RunData.load(config)));
    }
}
