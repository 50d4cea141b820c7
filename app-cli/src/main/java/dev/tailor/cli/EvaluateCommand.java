package dev.tailor.cli;

import com.google.inject.Guice;
import dev.tailor.config.ModelFiles;
import dev.tailor.config.TailorConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Scores a saved model on the Fashion-MNIST test set, on any backend, and writes metrics.json",
                "(the same as train's) into the output directory (default: evaluation-BACKEND beside the model)."})
final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Mixin
    ModelOptions model;

    @CommandLine.Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST directory.")
    Path data;

    @CommandLine.Option(names = "--test-limit", paramLabel = "N", description = "Use only the first N test images.")
    Integer testLimit;

    @CommandLine.Option(names = "--output", paramLabel = "DIR", description = "Directory for metrics.json (replaced if it exists).")
    Path output;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ModelFiles.SavedModel saved = model.load();
        String name = model.backendFor(saved);
        TailorConfig config = TailorConfig.DEFAULT.withBackend(name)
                .withOutput(output != null ? output : model.model.toAbsolutePath().normalize().resolveSibling("evaluation-" + name));
        var settings = config.data();
        if (data != null) {
            settings = settings.withDirectory(data);
        }
        if (testLimit != null) {
            settings = settings.withTestLimit(testLimit);
        }
        Guice.createInjector(new TailorModule(config.withData(settings), spec.commandLine().getOut()))
                .getInstance(EvaluateJob.class)
                .run(model.model, saved);
        return 0;
    }
}
