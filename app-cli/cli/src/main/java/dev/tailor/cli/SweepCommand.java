package dev.tailor.cli;

import dev.tailor.application.RunData;
import dev.tailor.application.SweepGrid;
import dev.tailor.application.SweepResult;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.in.SweepUseCase;
import dev.tailor.application.port.out.DatasetSource;
import dev.tailor.config.SweepGrids;
import dev.tailor.domain.spi.Backend;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.spi.TrainingBackend;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "sweep", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Trains every combination of a grid of settings (times --seeds) on one backend and ranks them by",
                "validation accuracy (10%% of the training images are held out when the config holds out none). Every run",
                "is a run directory inside OUTPUT-sweep (or --output), beside sweep.md, sweep.json, sweep.png, report.html",
                "and best-config.json, the winner ready for tailor train --config."},
        footerHeading = "%nExample:%n",
        footer = {"  tailor sweep --config configs/seed-cnn.json --seeds 2 \\",
                "      --grid '{\"training.batchSize\": [32, 64], \"training.epochs\": [5, 10]}'"})
final class SweepCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ExperimentOptions options;

    @CommandLine.Option(names = "--grid", paramLabel = "JSON", required = true,
            description = "Config paths to the values to try, as a JSON object of arrays.")
    String grid;

    @CommandLine.Option(names = "--backend", paramLabel = "NAME", description = "Backend to train on (installed: ${COMPLETION-CANDIDATES}).",
            completionCandidates = InstalledBackends.class)
    String backend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    Experiments experiments;

    @Inject
    DatasetSource data;

    @Inject
    Backends backends;

    @Override
    public Integer call() {
        int seeds = options.seeds();
        SweepGrid parsed = SweepGrids.parse(grid, "--grid");
        try (Experiments.Setup setup = experiments.setup(options)) {
            TailorConfig config = backend == null ? setup.config() : setup.config().withBackend(backend);
            PrintWriter out = spec.commandLine().getOut();
            TrainingBackend chosen = config.backendIn(backends);
            RunData runData = data.load(config.data(), config.model().input());
            out.printf("Sweeping %s on %s: %d combinations x %d seed%s, %,d training and %,d test images%n", config.model().name(),
                    chosen.name(), parsed.combinations().size(), seeds, seeds == 1 ? "" : "s", runData.train().size(), runData.test().size());
            SweepResult result = experiments.sweep(setup).sweep(new SweepUseCase.Request(config, chosen, runData, parsed, seeds,
                    options.runs(out), options.progress(out), options.resume, options.config.overwrite));
            out.println();
            out.print(result.markdown());
            out.printf("%nwrote %s%n", experiments.publish(setup, result.directory()));
            out.flush();
        }
        return 0;
    }
}
