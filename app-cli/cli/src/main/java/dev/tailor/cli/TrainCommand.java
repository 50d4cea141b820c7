package dev.tailor.cli;

import dev.tailor.application.TailorConfig;
import dev.tailor.application.TrainedRun;
import dev.tailor.application.port.in.TrainUseCase;
import dev.tailor.application.port.out.DatasetSource;
import dev.tailor.application.port.out.ModelStore;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.spi.TrainingBackend;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Trains a model on Fashion-MNIST, scores it on the test set, and writes config.json,",
                "history.json, metrics.json, run.json, the model (model/) and a report into the output directory."},
        footerHeading = "%nExamples:%n",
        footer = {"  tailor train --config configs/seed-cnn.json --output runs/seed-cnn",
                "  tailor train --config configs/best-cpu.json --backend dl4j --epochs 10 \\",
                "      --output runs/dl4j",
                "  tailor train --resume runs/seed-cnn"})
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOptions options;

    @CommandLine.Option(names = "--backend", paramLabel = "NAME", description = "Backend to train on (installed: ${COMPLETION-CANDIDATES}).",
            completionCandidates = InstalledBackends.class)
    String backend;

    @CommandLine.Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run into DIR that was killed after an epoch (SIGKILL, a power cut), with its own "
                    + "config and data, from its last checkpoint; it ends exactly as the run would have. Takes no other "
                    + "option but --quiet.")
    Path resume;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    TrainUseCase train;

    @Inject
    DatasetSource data;

    @Inject
    ModelStore models;

    @Inject
    Backends backends;

    @Override
    public Integer call() {
        if (resume != null) {
            return resume();
        }
        TailorConfig config = options.resolve();
        if (backend != null) {
            config = config.withBackend(backend);
        }
        PrintWriter out = spec.commandLine().getOut();
        TrainingBackend chosen = config.backendIn(backends);
        var initial = options.initialWeights(config, models);
        options.initFrom().ifPresent(source -> out.printf("starting from the weights in %s%n", source));
        TrainedRun run = train.train(new TrainUseCase.Request(config, chosen, data.load(config.data(), config.model().input()), initial,
                new ConsoleRun(out, options.quiet, ""), options.overwrite));
        if (config.training().validation().enabled()) {
            out.printf("training %s; the model holds epoch %d's weights%n", run.history().stopReason(), run.history().keptEpoch());
        }
        MetricsTable.print(out, run.evaluation());
        out.printf("training took %.1f s; wrote %s (the model is in %s)%n", run.trainingSeconds(), run.directory(), run.model());
        out.flush();
        return 0;
    }

    private int resume() {
        List<String> others = spec.commandLine().getParseResult().matchedOptions().stream().map(CommandLine.Model.OptionSpec::longestName)
                .filter(name -> !name.equals("--resume") && !name.equals("--quiet")).toList();
        if (!others.isEmpty()) {
            throw new InvalidInputException("--resume continues the interrupted run with its own config and data; drop "
                    + String.join(", ", others));
        }
        PrintWriter out = spec.commandLine().getOut();
        TrainedRun trained = train.resume(resume, config -> config.backendIn(backends), new ConsoleRun(out, options.quiet, ""));
        MetricsTable.print(out, trained.evaluation());
        out.printf("training took %.1f s in all; wrote %s (the model is in %s)%n", trained.trainingSeconds(), trained.directory(),
                trained.model());
        out.flush();
        return 0;
    }
}
