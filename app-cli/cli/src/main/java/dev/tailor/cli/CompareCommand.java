package dev.tailor.cli;

import dev.tailor.application.Comparison;
import dev.tailor.application.RunData;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.in.CompareUseCase;
import dev.tailor.application.port.out.DatasetSource;
import dev.tailor.application.port.out.ModelStore;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.spi.TrainingBackend;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Trains the same spec on several backends, once per seed, each backend starting from the same",
                "weights and batch order as the others, and compares them: accuracy per seed with mean, spread and",
                "95%% confidence interval, paired t, sign and Wilcoxon tests over seeds, agreement and McNemar's test per",
                "seed, per-class accuracy, speed and memory. Every run is a run directory inside OUTPUT-compare (or",
                "--output), beside comparison.md, comparison.json and report.html. One backend over several seeds is",
                "a seeds study of the recipe: the same tables for that backend."},
        footerHeading = "%nExamples:%n",
        footer = {"  tailor compare --config configs/seed-cnn.json --output runs/compare",
                "  tailor compare --backends djl,dl4j --seeds 3 --same-init \\", "      --output runs/compare-3",
                "  tailor compare --config configs/best-cpu.json --backends djl --seeds 3"})
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ExperimentOptions options;

    @CommandLine.Option(names = "--backends", paramLabel = "NAMES", split = ",",
            description = {"Comma-separated backends to compare (default: every installed one that trains; installed:",
                    "${COMPLETION-CANDIDATES}). One backend takes --seeds 2 or more."},
            completionCandidates = InstalledBackends.class)
    List<String> backends;

    @CommandLine.Option(names = "--same-init", description = {"Start every backend from identical weights, drawn once by the",
            "first backend. Only changes anything with \"init\": \"engine\"; Tailor's default Glorot start is shared anyway."})
    boolean sameInit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Inject
    Experiments experiments;

    @Inject
    DatasetSource data;

    @Inject
    ModelStore models;

    @Inject
    Backends installed;

    @Override
    public Integer call() {
        int seeds = options.seeds();
        try (Experiments.Setup setup = experiments.setup(options)) {
            TailorConfig config = setup.config();
            PrintWriter out = spec.commandLine().getOut();
            // Every name is checked before anything trains.
            List<TrainingBackend> chosen = (backends == null ? installed.trainerNames() : backends).stream().map(installed::trainer).toList();
            var initial = options.config.initialWeights(config, models);
            RunData runData = data.load(config.data(), config.model().input());
            out.printf("Comparing %s on %s, %d seed%s: %,d training and %,d test images%n", config.model().name(),
                    String.join(", ", chosen.stream().map(TrainingBackend::name).toList()), seeds, seeds == 1 ? "" : "s",
                    runData.train().size(), runData.test().size());
            Comparison comparison = experiments.compare(setup).compare(new CompareUseCase.Request(config, chosen, runData, seeds, sameInit,
                    initial, options.runs(out), options.progress(out), options.resume, options.config.overwrite));
            out.println();
            out.print(comparison.markdown());
            out.printf("%nwrote %s%n", experiments.publish(setup, comparison.directory()));
            out.flush();
        }
        return 0;
    }
}
