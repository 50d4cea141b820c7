package dev.tailor.cli;

import com.google.inject.Guice;
import dev.tailor.config.TailorConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "compare", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Trains the same spec with the same seed and batch order on several backends and",
                "compares them: accuracy, macro F1, per-class accuracy, speed, memory, agreement and McNemar's exact test.",
                "Writes comparison.json, comparison.md and each backend's history and metrics into OUTPUT-compare",
                "(or --output)."})
final class CompareCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ConfigOptions options;

    @CommandLine.Option(names = "--backends", paramLabel = "NAMES", split = ",", defaultValue = "dl4j,djl",
            description = "Comma-separated backends to compare (default: ${DEFAULT-VALUE}).")
    List<String> backends;

    @CommandLine.Option(names = "--same-init", description = {"Start every backend from identical weights, drawn once by the",
            "first backend. Only changes anything with \"init\": \"engine\"; Tailor's default Glorot start is shared anyway."})
    boolean sameInit;


    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TailorConfig config = options.resolve();
        if (!options.outputGiven()) {
            // Never overwrite the train run the same config writes.
            config = config.withOutput(Path.of(config.output() + "-compare"));
        }
        Guice.createInjector(new TailorModule(config, spec.commandLine().getOut()))
                .getInstance(CompareJob.class)
                .run(backends, sameInit, Optional.ofNullable(options.initFrom), options.quiet);
        return 0;
    }
}
