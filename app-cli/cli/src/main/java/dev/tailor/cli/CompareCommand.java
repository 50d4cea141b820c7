package dev.tailor.cli;

import dev.tailor.application.Comparison;
import dev.tailor.application.RunData;
import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.in.CompareUseCase;
import dev.tailor.application.port.out.Cluster;
import dev.tailor.application.port.out.DatasetSource;
import dev.tailor.application.port.out.ModelStore;
import dev.tailor.domain.spi.Backends;
import dev.tailor.domain.spi.TrainingBackend;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Trains the same spec on several backends, once per seed, each backend starting from the same",
                "weights and batch order as the others, and compares them: accuracy per seed with mean, spread and",
                "95%% confidence interval, paired t, sign and Wilcoxon tests over seeds, agreement and McNemar's test per",
                "seed, per-class accuracy, speed and memory. Every run is a run directory inside OUTPUT-compare (or",
                "--output), beside comparison.md, comparison.json and report.html."},
        footerHeading = "%nExamples:%n",
        footer = {"  tailor compare --config configs/seed-cnn.json --output runs/compare",
                "  tailor compare --backends djl,dl4j --seeds 3 --same-init --output runs/compare-3"})
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOptions options;

    @CommandLine.Option(names = "--backends", paramLabel = "NAMES", split = ",",
            description = "Comma-separated backends to compare (default: every installed one: ${COMPLETION-CANDIDATES}).",
            completionCandidates = InstalledBackends.class)
    List<String> backends;

    @CommandLine.Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "Train each backend with N seeds: --seed S, S+1, ... (default: ${DEFAULT-VALUE}).")
    int seeds;

    @CommandLine.Option(names = "--spark", paramLabel = "MASTER", arity = "0..1", fallbackValue = Cluster.LOCAL,
            description = {"Train the runs as Apache Spark tasks, side by side: no MASTER means local[*] in this process; or",
                    "spark://HOST:PORT, yarn, k8s://... (client mode; the data directory must be readable on every worker)."})
    String spark;

    @CommandLine.Option(names = "--resume", description = "Finish an interrupted comparison in the same output: runs already done are kept.")
    boolean resume;

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
        if (seeds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--seeds': " + seeds
                    + "; expected at least 1");
        }
        TailorConfig config = options.resolve();
        if (!options.outputGiven()) {
            // Never write into the train run the same config writes.
            config = config.withOutput(Path.of(config.output() + "-compare"));
        }
        PrintWriter out = spec.commandLine().getOut();
        // Every name is checked before anything trains.
        List<TrainingBackend> chosen = (backends == null ? installed.trainerNames() : backends).stream().map(installed::trainer).toList();
        var initial = options.initialWeights(config, models);
        CompareUseCase compare = experiments.compare(spark);
        RunData runData = data.load(config.data());
        out.printf("Comparing %s on %s, %d seed%s: %,d training and %,d test images%n", config.model().name(),
                String.join(", ", chosen.stream().map(TrainingBackend::name).toList()), seeds, seeds == 1 ? "" : "s",
                runData.train().size(), runData.test().size());
        Comparison comparison = compare.compare(new CompareUseCase.Request(config, chosen, runData, seeds, sameInit,
                initial, name -> new ConsoleRun(out, options.quiet, name), new ConsoleExperiment(out), resume, options.overwrite));
        out.println();
        out.print(comparison.markdown());
        out.printf("%nwrote %s%n", comparison.directory());
        out.flush();
        return 0;
    }
}
