package dev.tailor.cli;

import dev.tailor.application.TailorConfig;
import dev.tailor.application.port.in.ExperimentListener;
import dev.tailor.application.port.in.RunListener;
import dev.tailor.application.port.out.Cluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** What every experiment of many runs (compare, sweep) takes besides its own options: the config, seeds, where to train. */
final class ExperimentOptions {
    @Mixin
    ConfigOptions config;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
            description = "Train each run with N seeds: --seed S, S+1, ... (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--spark", paramLabel = "MASTER", arity = "0..1", fallbackValue = Cluster.LOCAL,
            description = {"Train the runs as Apache Spark tasks, side by side: no MASTER means local[*] in this process; or",
                    "spark://HOST:PORT, yarn, k8s://... (client mode; the data directory must be readable on every worker)."})
    String spark;

    @Option(names = "--resume", description = "Finish an interrupted experiment in the same output: runs already done are kept.")
    boolean resume;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The seeds asked for, refused as a usage error before anything is read. */
    int seeds() {
        if (seeds < 1) {
            throw new CommandLine.ParameterException(command.commandLine(), "Invalid value for option '--seeds': " + seeds
                    + "; expected at least 1");
        }
        return seeds;
    }

    /** The resolved config, its data and output on this machine (cluster URIs are refused). */
    TailorConfig resolve() {
        return resolve(location -> Locations.local(location, "--data"),
                config.output == null ? null : Locations.local(config.output, "--output"));
    }

    /**
     * The resolved config, {@code fetchData} making {@code --data} a directory of this machine, written into {@code into};
     * null: beside the train run the same config writes (never into it).
     */
    TailorConfig resolve(Function<String, Path> fetchData, Path into) {
        TailorConfig resolved = config.resolve(config.file.resolve(fetchData), into);
        return into != null ? resolved : resolved.withOutput(Path.of(resolved.output() + "-" + command.name()));
    }

    Function<String, RunListener> runs(PrintWriter out) {
        return name -> new ConsoleRun(out, config.quiet, name);
    }

    ExperimentListener progress(PrintWriter out) {
        return new ConsoleExperiment(out);
    }
}
