package dev.tailor.docs;

import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.in.TrainUseCase;
import dev.tailor.application.port.out.RunReporter;
import dev.tailor.application.service.Train;
import dev.tailor.config.ConfigFiles;
import dev.tailor.config.DataSources;
import dev.tailor.config.FileModelStore;
import dev.tailor.config.FileRunStore;
import dev.tailor.config.ProcStatusMemory;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.spi.TrainingBackend;
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
        // @start region="train"
        TrainingBackend backend = config.backendIn(Backends.installed());   // the config's, else the preferred trainer
        // The use case and the files adapter's out-ports: run directories, models (for transfer.from), the data files,
        // the process's memory. RunReporter.NONE writes the data files only; the CLI's adds plots and an HTML page.
        DataSources data = new DataSources();
        TrainUseCase train = new Train(new FileRunStore(), data, new FileModelStore(), RunReporter.NONE,
                new ProcStatusMemory());
        TrainedRun run = train.train(new TrainUseCase.Request(config, backend,
                data.load(config.data(), config.model().input())));
        // @end region="train"
        return run;
    }
}
